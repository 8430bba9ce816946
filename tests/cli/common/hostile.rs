//! A scripted hostile server on 127.0.0.1: each connection is handed to a script that
//! reads the request head and answers however the test likes (slowly, never, endlessly,
//! with a redirect…). It counts connections and records request heads, and it stops
//! accepting when dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the script sees it: the request line and headers, lower-cased names.
#[derive(Debug, Clone)]
pub struct Head {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Read a request head (and discard a Content-Length body). `None` at EOF.
pub fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Head> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let head = Head {
        method,
        path,
        headers,
    };
    if let Some(len) = head
        .header("content-length")
        .and_then(|l| l.parse::<usize>().ok())
    {
        let mut body = vec![0; len];
        reader.read_exact(&mut body).ok()?;
    }
    Some(head)
}

/// Write a complete answer with a JSON body.
pub fn respond(stream: &mut TcpStream, status: &str, extra_headers: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra_headers}\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// What a script gets: the connection (to read more requests on), its number (0-based)
/// and a flag that turns true when the server is dropped.
pub struct Conn {
    pub reader: BufReader<TcpStream>,
    pub stream: TcpStream,
    pub index: usize,
    pub stop: Arc<AtomicBool>,
}

impl Conn {
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

pub struct Hostile {
    pub port: u16,
    pub connections: Arc<AtomicUsize>,
    pub heads: Arc<Mutex<Vec<Head>>>,
    stop: Arc<AtomicBool>,
}

impl Hostile {
    /// Serve every connection with `script` on its own thread.
    pub fn start(script: impl Fn(Conn, &Mutex<Vec<Head>>) + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let script = Arc::new(script);
        {
            let (connections, heads, stop) = (connections.clone(), heads.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let index = connections.fetch_add(1, Ordering::SeqCst);
                    let (script, heads, stop) = (script.clone(), heads.clone(), stop.clone());
                    std::thread::spawn(move || {
                        let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
                        let Ok(read_half) = stream.try_clone() else {
                            return;
                        };
                        let conn = Conn {
                            reader: BufReader::new(read_half),
                            stream,
                            index,
                            stop,
                        };
                        script(conn, &heads);
                    });
                }
            });
        }
        Hostile {
            port,
            connections,
            heads,
            stop,
        }
    }

    /// A server that reads each request on a connection, records it, and answers with
    /// `answer(head)` — (status line, extra headers, body) — keeping the connection alive.
    pub fn answering(
        answer: impl Fn(&Head) -> (String, String, String) + Send + Sync + 'static,
    ) -> Hostile {
        Hostile::start(move |mut conn, heads| {
            while let Some(head) = read_head(&mut conn.reader) {
                heads.lock().unwrap().push(head.clone());
                let (status, extra, body) = answer(&head);
                respond(&mut conn.stream, &status, &extra, &body);
            }
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn request_count(&self) -> usize {
        self.heads.lock().unwrap().len()
    }

    /// loftctl pointed at this server (flags source, a throwaway key), in an empty home.
    pub fn loftctl(&self, home: &std::path::Path) -> std::process::Command {
        let mut cmd = super::loftctl_cmd(home);
        cmd.args(["--server", &self.url(), "--access-key", "hostile-test-key"]);
        cmd
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// An empty User list page with this continue token.
pub fn list_page(items: &str, continue_token: &str) -> String {
    format!(
        r#"{{"apiVersion":"management.loft.sh/v1","kind":"UserList","metadata":{{"resourceVersion":"7","continue":"{continue_token}"}},"items":[{items}]}}"#
    )
}
