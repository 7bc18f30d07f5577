//! End-to-end tests of sogen (generated modules are included here by build.rs output).
