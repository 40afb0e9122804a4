//! When the plugin ends: Terraform asks (go-plugin's `GRPCController.Shutdown`), the process
//! that started it is gone (Terraform killed with `kill -9`, or crashed: its children are
//! re-parented and nobody would ever shut them down), or SIGTERM. Ctrl-C (SIGINT, which the
//! terminal sends to Terraform and its plugins alike) is ignored, as go-plugin's servers do:
//! Terraform stops the operations itself and then shuts the plugin down, so a Ctrl-C never
//! interrupts an AWS call whose result belongs in the state.

use std::time::Duration;

use tokio::sync::watch;

/// How often the parent process is checked for.
pub const PARENT_POLL: Duration = Duration::from_millis(500);

/// Why the plugin stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// `GRPCController.Shutdown`: the normal end of every Terraform command.
    Shutdown,
    /// The process that started the plugin is gone.
    ParentGone,
    /// SIGTERM.
    Terminated,
}

/// A shared stop signal: set once, awaited by the server, the accept loop and the streams.
#[derive(Clone)]
pub struct Stop {
    tx: std::sync::Arc<watch::Sender<Option<Reason>>>,
}

impl Default for Stop {
    fn default() -> Self {
        Stop::new()
    }
}

impl Stop {
    pub fn new() -> Stop {
        let (tx, _) = watch::channel(None);
        Stop {
            tx: std::sync::Arc::new(tx),
        }
    }

    /// Asks everything to stop; the first reason is kept.
    pub fn request(&self, reason: Reason) {
        self.tx.send_if_modified(|current| {
            if current.is_none() {
                *current = Some(reason);
                true
            } else {
                false
            }
        });
    }

    pub fn reason(&self) -> Option<Reason> {
        *self.tx.borrow()
    }

    /// Waits until a stop is requested, and says why.
    pub async fn requested(&self) -> Reason {
        let mut rx = self.tx.subscribe();
        loop {
            if let Some(reason) = *rx.borrow_and_update() {
                return reason;
            }
            if rx.changed().await.is_err() {
                // The sender lives in `self`: unreachable, but never hang.
                return Reason::Shutdown;
            }
        }
    }
}

/// Starts the watchers: the parent process and the signals. Call inside the runtime.
pub fn watch(stop: &Stop) {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        let s = stop.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(PARENT_POLL);
            loop {
                tick.tick().await;
                if parent_gone(parent, std::os::unix::process::parent_id()) {
                    tracing::info!(
                        parent,
                        "the process that started the plugin is gone: stopping"
                    );
                    s.request(Reason::ParentGone);
                    return;
                }
            }
        });
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::interrupt()) {
            Ok(mut sigint) => {
                tokio::spawn(async move {
                    while sigint.recv().await.is_some() {
                        tracing::info!("SIGINT ignored: Terraform stops the plugin itself");
                    }
                });
            }
            Err(e) => tracing::warn!("cannot handle SIGINT: {e}"),
        }
        if let Ok(mut sigterm) = signal(SignalKind::terminate()) {
            let s = stop.clone();
            tokio::spawn(async move {
                if sigterm.recv().await.is_some() {
                    tracing::info!("SIGTERM: stopping");
                    s.request(Reason::Terminated);
                }
            });
        }
    }
    #[cfg(not(unix))]
    {
        // No re-parenting to observe with std there: the plugin relies on Terraform's Shutdown.
        let _ = stop;
    }
}

/// The parent is gone when the process is re-parented (to init or a subreaper): its parent id
/// is no longer the one it started with.
fn parent_gone(original: u32, now: u32) -> bool {
    original != now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reparenting_means_the_parent_is_gone() {
        assert!(!parent_gone(4242, 4242));
        assert!(parent_gone(4242, 1));
        assert!(parent_gone(4242, 977));
    }

    #[test]
    fn the_first_reason_wins_and_waiters_wake() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        rt.block_on(async {
            let stop = Stop::new();
            assert_eq!(stop.reason(), None);
            let waiter = {
                let s = stop.clone();
                tokio::spawn(async move { s.requested().await })
            };
            tokio::task::yield_now().await;
            stop.request(Reason::ParentGone);
            stop.request(Reason::Shutdown);
            assert_eq!(waiter.await.ok(), Some(Reason::ParentGone));
            assert_eq!(stop.requested().await, Reason::ParentGone);
        });
    }
}
