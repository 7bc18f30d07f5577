//! `sogen-runtime`: what sogen-generated SuperOffice clients call.
