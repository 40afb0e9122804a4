//! A fault-injecting HTTP proxy between the provider and the local Step Functions API.
//!
//! The provider is pointed at the proxy (`endpoint = proxy.endpoint()`); the proxy forwards each
//! request to moto unless a rule matches the request's operation (the `X-Amz-Target` header,
//! e.g. `CreateStateMachine`), in which case it injects that rule's fault. Every call is logged
//! with the fault it got, so tests can assert how often the provider retried.
//!
//! Plain threads and blocking sockets: the AWS SDK speaks HTTP/1.1 to an `http://` endpoint,
//! requests carry `Content-Length`, and each forwarded request uses its own upstream connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy does to a matching call.
#[derive(Debug, Clone)]
pub enum Fault {
    /// HTTP 400 `ThrottlingException`, not forwarded.
    Throttle,
    /// HTTP 500 `InternalFailure` or 503 `ServiceUnavailable` (by status), not forwarded.
    ServerError(u16),
    /// Waits, then forwards and answers (the server applies the call late, possibly after the
    /// client gave up on it).
    Slow(Duration),
    /// Closes the connection without forwarding or answering.
    Drop,
    /// Forwards (the server applies the call), then closes the connection without answering.
    LoseResponse,
    /// An AWS error reply, not forwarded: `{"__type": code, "message": message}`.
    Error {
        status: u16,
        code: String,
        message: String,
    },
}

impl Fault {
    pub fn error(status: u16, code: &str, message: &str) -> Fault {
        Fault::Error {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    fn label(&self) -> String {
        match self {
            Fault::Throttle => "throttle".into(),
            Fault::ServerError(s) => format!("http-{s}"),
            Fault::Slow(d) => format!("slow-{}ms", d.as_millis()),
            Fault::Drop => "drop".into(),
            Fault::LoseResponse => "lose-response".into(),
            Fault::Error { code, .. } => code.clone(),
        }
    }
}

/// How many matching calls a rule applies to.
#[derive(Debug, Clone, Copy)]
pub enum Times {
    /// The next `n` matching calls.
    First(u32),
    /// Every `n`th matching call (the `n`th, `2n`th, ...).
    Every(u32),
    /// Every matching call until the rule is cleared.
    Always,
}

#[derive(Debug, Clone)]
struct Rule {
    /// Operation name (`CreateStateMachine`) or `*` for every operation.
    op: String,
    fault: Fault,
    times: Times,
    matched: u32,
    applied: u32,
}

/// One call the proxy saw: its operation and the fault injected, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub op: String,
    pub fault: Option<String>,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    calls: Vec<Call>,
    /// Requests received and not yet answered, dropped or forwarded late (slow faults).
    in_flight: usize,
}

impl State {
    /// The fault for this call, if a rule applies; the first applicable rule wins.
    fn decide(&mut self, op: &str) -> Option<Fault> {
        let mut chosen = None;
        for rule in self.rules.iter_mut() {
            if rule.op != "*" && rule.op != op {
                continue;
            }
            rule.matched += 1;
            let applies = match rule.times {
                Times::First(n) => rule.applied < n,
                Times::Every(n) => n > 0 && rule.matched % n == 0,
                Times::Always => true,
            };
            if applies && chosen.is_none() {
                rule.applied += 1;
                chosen = Some(rule.fault.clone());
            }
        }
        self.calls.push(Call {
            op: op.to_string(),
            fault: chosen.as_ref().map(Fault::label),
        });
        chosen
    }
}

/// The proxy: listens on a free loopback port until dropped.
pub struct Proxy {
    pub port: u16,
    upstream: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    /// Starts a proxy in front of `upstream_port` on 127.0.0.1.
    pub fn start(upstream_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("addr: {e}"));
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp) = (state.clone(), stop.clone());
        let one = Arc::new(Mutex::new(()));
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if sp.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let st = st.clone();
                let one = one.clone();
                std::thread::spawn(move || serve(conn, upstream_port, st, one));
            }
        });
        Proxy {
            port,
            upstream: upstream_port,
            state,
            stop,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn upstream_port(&self) -> u16 {
        self.upstream
    }

    /// Adds a rule; rules apply in the order they were added.
    pub fn inject(&self, op: &str, fault: Fault, times: Times) {
        self.lock().rules.push(Rule {
            op: op.to_string(),
            fault,
            times,
            matched: 0,
            applied: 0,
        });
    }

    /// Removes every rule (the call log is kept).
    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    /// Every call seen so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// Forgets the call log.
    pub fn reset_calls(&self) {
        self.lock().calls.clear();
    }

    /// How many calls of `op` (or of every operation, for `*`) were seen, and how many of
    /// those got a fault.
    pub fn count(&self, op: &str) -> (usize, usize) {
        let calls = self.calls();
        let seen: Vec<_> = calls.iter().filter(|c| op == "*" || c.op == op).collect();
        let faulted = seen.iter().filter(|c| c.fault.is_some()).count();
        (seen.len(), faulted)
    }

    /// Waits until no request is in flight (a slow fault forwards its call after the client
    /// gave up on it: the server applies it late). Returns false if `limit` passes first.
    pub fn wait_idle(&self, limit: Duration) -> bool {
        let deadline = std::time::Instant::now() + limit;
        while self.lock().in_flight > 0 {
            if std::time::Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A parsed HTTP/1.1 message head plus body.
struct Message {
    head: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Serialises with `Content-Length` framing and the given `Connection` header.
    fn to_bytes(&self, connection: &str) -> Vec<u8> {
        let mut out = format!("{}\r\n", self.head);
        for (k, v) in &self.headers {
            let k_lower = k.to_ascii_lowercase();
            if [
                "connection",
                "content-length",
                "transfer-encoding",
                "keep-alive",
            ]
            .contains(&k_lower.as_str())
            {
                continue;
            }
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!(
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Reads one message; `None` at a clean end of stream or on a malformed message.
fn read_message(r: &mut impl BufRead, until_eof: bool) -> Option<Message> {
    let mut head = String::new();
    if r.read_line(&mut head).ok()? == 0 {
        return None;
    }
    let head = head.trim_end().to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(':')?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let mut msg = Message {
        head,
        headers,
        body: Vec::new(),
    };
    if let Some(len) = msg.header("content-length") {
        let len: usize = len.parse().ok()?;
        let mut body = vec![0; len];
        r.read_exact(&mut body).ok()?;
        msg.body = body;
    } else if msg
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            msg.body.extend_from_slice(&chunk[..size]);
        }
    } else if until_eof {
        r.read_to_end(&mut msg.body).ok()?;
    }
    Some(msg)
}

fn aws_error(status: u16, code: &str, message: &str) -> Message {
    let reason = match status {
        400 => "Bad Request",
        403 => "Forbidden",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    };
    let body = serde_json::json!({ "__type": code, "message": message }).to_string();
    Message {
        head: format!("HTTP/1.1 {status} {reason}"),
        headers: vec![
            ("Content-Type".into(), "application/x-amz-json-1.0".into()),
            ("x-amzn-RequestId".into(), "proxy-injected".into()),
        ],
        body: body.into_bytes(),
    }
}

/// Forwards to one upstream are made one at a time (`one`). moto checks a name and inserts the
/// machine without a lock, so a late "slow" attempt racing its own retry could create two
/// machines of one name, which AWS never does; serialising keeps moto's answers AWS's.
fn forward(req: &Message, upstream: u16, one: &Mutex<()>) -> Option<Message> {
    let _one_at_a_time = one.lock().unwrap_or_else(|p| p.into_inner());
    let mut up = TcpStream::connect(("127.0.0.1", upstream)).ok()?;
    up.write_all(&req.to_bytes("close")).ok()?;
    let mut reader = BufReader::new(up);
    read_message(&mut reader, true)
}

fn done(state: &Mutex<State>) {
    let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
    st.in_flight = st.in_flight.saturating_sub(1);
}

/// Serves one client connection: requests in sequence (keep-alive) until it closes or a fault
/// closes it.
fn serve(conn: TcpStream, upstream: u16, state: Arc<Mutex<State>>, one: Arc<Mutex<()>>) {
    let Ok(read_half) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut conn = conn;
    while let Some(req) = read_message(&mut reader, false) {
        let op = req
            .header("x-amz-target")
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or("-")
            .to_string();
        let fault = {
            let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
            st.in_flight += 1;
            st.decide(&op)
        };
        let response = match fault {
            None => forward(&req, upstream, &one),
            Some(Fault::Throttle) => Some(aws_error(400, "ThrottlingException", "Rate exceeded")),
            Some(Fault::ServerError(503)) => Some(aws_error(
                503,
                "ServiceUnavailable",
                "Service is unavailable",
            )),
            Some(Fault::ServerError(s)) => Some(aws_error(s, "InternalFailure", "Internal error")),
            Some(Fault::Error {
                status,
                code,
                message,
            }) => Some(aws_error(status, &code, &message)),
            Some(Fault::Slow(d)) => {
                std::thread::sleep(d);
                forward(&req, upstream, &one)
            }
            Some(Fault::Drop) => None,
            Some(Fault::LoseResponse) => {
                let _ = forward(&req, upstream, &one);
                None
            }
        };
        let Some(response) = response else {
            let _ = conn.shutdown(Shutdown::Both);
            done(&state);
            return;
        };
        let written = conn.write_all(&response.to_bytes("keep-alive"));
        done(&state);
        if written.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_count_matches_per_operation() {
        let mut s = State::default();
        s.rules.push(Rule {
            op: "CreateStateMachine".into(),
            fault: Fault::Throttle,
            times: Times::First(2),
            matched: 0,
            applied: 0,
        });
        s.rules.push(Rule {
            op: "*".into(),
            fault: Fault::ServerError(500),
            times: Times::Every(3),
            matched: 0,
            applied: 0,
        });
        let got: Vec<_> = [
            "CreateStateMachine",
            "CreateStateMachine",
            "CreateStateMachine",
            "DescribeStateMachine",
            "DescribeStateMachine",
            "DescribeStateMachine",
        ]
        .iter()
        .map(|op| s.decide(op).map(|f| f.label()))
        .collect();
        // The `*` rule counts every call, including those the first rule already faulted.
        assert_eq!(
            got,
            vec![
                Some("throttle".to_string()),
                Some("throttle".to_string()),
                Some("http-500".to_string()),
                None,
                None,
                Some("http-500".to_string()),
            ]
        );
        assert_eq!(s.calls.len(), 6);
    }

    /// A tiny upstream that answers every request with its own body, to test the proxy's
    /// forwarding and faults over real sockets.
    fn echo_upstream() -> u16 {
        let l = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = l.local_addr().map(|a| a.port()).unwrap_or(0);
        std::thread::spawn(move || {
            for c in l.incoming().flatten() {
                std::thread::spawn(move || {
                    let mut r = BufReader::new(c.try_clone().unwrap_or_else(|e| panic!("{e}")));
                    let mut c = c;
                    if let Some(req) = read_message(&mut r, false) {
                        let resp = format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
                            req.body.len()
                        );
                        let _ = c.write_all(resp.as_bytes());
                        let _ = c.write_all(&req.body);
                    }
                });
            }
        });
        port
    }

    fn call(conn: &mut TcpStream, op: &str, body: &str) -> Option<Message> {
        let req = format!(
            "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.{op}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        conn.write_all(req.as_bytes()).ok()?;
        let mut r = BufReader::new(conn.try_clone().ok()?);
        read_message(&mut r, false)
    }

    #[test]
    fn forwards_keeps_alive_and_injects_over_sockets() {
        let proxy = Proxy::start(echo_upstream());
        proxy.inject("ListTagsForResource", Fault::Throttle, Times::First(1));
        proxy.inject("DeleteStateMachine", Fault::Drop, Times::Always);
        let mut conn =
            TcpStream::connect(("127.0.0.1", proxy.port)).unwrap_or_else(|e| panic!("{e}"));
        let a = call(&mut conn, "DescribeStateMachine", "{\"a\":1}")
            .unwrap_or_else(|| panic!("no answer"));
        assert!(a.head.contains("200"), "{}", a.head);
        assert_eq!(a.body, b"{\"a\":1}");
        // Same connection, next request: throttled with an AWS-shaped error.
        let b = call(&mut conn, "ListTagsForResource", "{}").unwrap_or_else(|| panic!("no answer"));
        assert!(b.head.contains("400"), "{}", b.head);
        assert!(String::from_utf8_lossy(&b.body).contains("ThrottlingException"));
        // Dropped: no answer at all.
        assert!(call(&mut conn, "DeleteStateMachine", "{}").is_none());
        assert!(
            proxy.wait_idle(Duration::from_secs(5)),
            "every request was answered or dropped"
        );
        assert_eq!(proxy.count("*"), (3, 2));
        assert_eq!(proxy.count("DescribeStateMachine"), (1, 0));
    }
}
