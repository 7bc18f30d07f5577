//! Connections of a started [`Server`](super::Server): at most `max_connections` open at
//! once (more wait to be accepted), a request head that must arrive within
//! `header_read_timeout` (of the connection opening, or of its first byte after an idle
//! spell), and an idle keep-alive connection closed after `idle_timeout`. So neither a
//! client trickling its headers nor a crowd of idle connections can hold the server.
//!
//! The timers live in the connection's I/O ([`Guarded`]): a read or write that waits past
//! the deadline of the connection's phase fails, and hyper closes the connection. The
//! phase changes when bytes arrive (idle -> head) and when the handler starts and ends
//! (head -> busy -> idle), which the handler reports through the connection's
//! [`Activity`] (axum's `ConnectInfo`).

use std::future::Future as _;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// How long a connection may take and how many may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ConnLimits {
    pub(super) header_read_timeout: Duration,
    pub(super) idle_timeout: Duration,
    pub(super) max_connections: usize,
}

/// What a connection is doing, since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Receiving a request head (or waiting for the first one).
    Head,
    /// A request is being handled (its own time budget applies).
    Busy,
    /// Between requests (keep-alive).
    Idle,
}

/// One connection's phase, shared by its I/O and the handler of its requests.
#[derive(Debug)]
pub(crate) struct Activity {
    phase: Mutex<(Phase, Instant)>,
    limits: ConnLimits,
}

impl Activity {
    fn set(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(PoisonError::into_inner) = (phase, Instant::now());
    }

    /// Bytes arrived: an idle connection starts a request head.
    fn received(&self) {
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        if phase.0 == Phase::Idle {
            *phase = (Phase::Head, Instant::now());
        }
    }

    /// When the current phase ends the connection, if it does.
    fn deadline(&self) -> Option<Instant> {
        let (phase, since) = *self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        match phase {
            Phase::Head => Some(since + self.limits.header_read_timeout),
            Phase::Idle => Some(since + self.limits.idle_timeout),
            Phase::Busy => None,
        }
    }

    /// A request is being handled until the returned guard is dropped.
    pub(crate) fn busy(self: &Arc<Self>) -> BusyGuard {
        self.set(Phase::Busy);
        BusyGuard(self.clone())
    }
}

/// Marks its connection idle when dropped (the handler ended, however).
pub(crate) struct BusyGuard(Arc<Activity>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.set(Phase::Idle);
    }
}

/// The connection's [`Activity`], for handlers (as axum's `ConnectInfo`).
#[derive(Debug, Clone)]
pub(crate) struct Conn(pub(crate) Arc<Activity>);

impl Connected<IncomingStream<'_, Capped>> for Conn {
    fn connect_info(stream: IncomingStream<'_, Capped>) -> Self {
        Conn(stream.io().activity.clone())
    }
}

/// A listener that accepts only while fewer than `max_connections` are open.
pub(crate) struct Capped {
    listener: TcpListener,
    permits: Arc<Semaphore>,
    limits: ConnLimits,
}

impl Capped {
    pub(super) fn new(listener: TcpListener, limits: ConnLimits) -> Self {
        Capped {
            listener,
            permits: Arc::new(Semaphore::new(limits.max_connections)),
            limits,
        }
    }
}

impl Listener for Capped {
    type Io = Guarded;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Guarded, SocketAddr) {
        // Waiting here leaves further connections in the kernel's backlog until one closes.
        let Ok(permit) = self.permits.clone().acquire_owned().await else {
            unreachable!("the semaphore is never closed");
        };
        loop {
            match self.listener.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    let activity = Arc::new(Activity {
                        phase: Mutex::new((Phase::Head, Instant::now())),
                        limits: self.limits,
                    });
                    let io = Guarded {
                        stream,
                        activity,
                        timer: Box::pin(tokio::time::sleep(Duration::ZERO)),
                        _permit: permit,
                    };
                    return (io, addr);
                }
                // The peer gave up before it was accepted: take the next one.
                Err(e) if is_connection_error(&e) => continue,
                // Out of file descriptors and the like: wait for some to close.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// A connection whose reads and writes fail once its phase's deadline has passed; it
/// holds its place among the `max_connections` until dropped.
pub(crate) struct Guarded {
    stream: TcpStream,
    activity: Arc<Activity>,
    timer: Pin<Box<Sleep>>,
    _permit: OwnedSemaphorePermit,
}

impl Guarded {
    /// For an operation that would wait: the error that ends the connection once its
    /// phase's deadline has passed; else `None`, with the timer armed to wake it then.
    fn expired(&mut self, cx: &mut Context<'_>) -> Option<io::Error> {
        let deadline = self.activity.deadline()?;
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        self.timer.as_mut().poll(cx).is_ready().then(|| {
            io::Error::new(
                io::ErrorKind::TimedOut,
                "the connection's header read or idle time ran out",
            )
        })
    }

    /// `Pending`, or the error that ends the connection.
    fn wait<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        match self.expired(cx) {
            Some(e) => Poll::Ready(Err(e)),
            None => Poll::Pending,
        }
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.activity.received();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => this.wait(cx),
        }
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write(cx, data) {
            // A client that stops reading its answer counts as idle.
            Poll::Pending => this.wait(cx),
            ready => ready,
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_flush(cx) {
            Poll::Pending => this.wait(cx),
            ready => ready,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write_vectored(cx, bufs) {
            Poll::Pending => this.wait(cx),
            ready => ready,
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
