//! A tiny WebDriver client (W3C protocol over HTTP, reqwest and serde_json) driving headless
//! Chromium through Debian's `chromedriver`, for the tests of the upload page and the
//! dashboard. The browser may reach 127.0.0.1 only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// `chromedriver`: `$THADS_CHROMEDRIVER`, else the first on the PATH.
pub fn chromedriver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("THADS_CHROMEDRIVER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
}

/// A browser session; the driver process is ended when it is dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `chromedriver` on a free port and opens a headless session of `chromium`.
    pub async fn start(chromedriver: &PathBuf, chromium: &PathBuf) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = http.get(format!("{base}/status")).send().await;
            if let Ok(r) = ready
                && r.json::<Value>()
                    .await
                    .is_ok_and(|v| v["value"]["ready"] == true)
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--no-first-run".to_owned(),
            "--no-proxy-server".to_owned(),
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1".to_owned(),
            "--window-size=1280,900".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            http,
            _profile: profile,
        };
        let created = browser
            .call(
                reqwest::Method::POST,
                "/session",
                json!({ "capabilities": { "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": { "binary": chromium, "args": args },
                    "goog:loggingPrefs": { "browser": "ALL" },
                } } }),
            )
            .await;
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created:#}"))
            .to_owned();
        browser
    }

    /// One WebDriver command; its `value`.
    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let request = self
            .http
            .request(method, url)
            .timeout(Duration::from_secs(60));
        let request = if body.is_null() {
            request
        } else {
            request.json(&body)
        };
        let answer: Value = request.send().await.unwrap().json().await.unwrap();
        if let Some(error) = answer["value"]["error"].as_str() {
            panic!("WebDriver {path}: {error}: {}", answer["value"]["message"]);
        }
        answer["value"].clone()
    }

    fn at(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    /// Opens a URL.
    pub async fn open(&self, url: &str) {
        self.call(
            reqwest::Method::POST,
            &self.at("/url"),
            json!({ "url": url }),
        )
        .await;
    }

    /// The element a CSS selector finds.
    pub async fn find(&self, css: &str) -> String {
        let found = self
            .call(
                reqwest::Method::POST,
                &self.at("/element"),
                json!({ "using": "css selector", "value": css }),
            )
            .await;
        found[ELEMENT].as_str().unwrap().to_owned()
    }

    /// Types into an element (for a file input: the paths, one a line).
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        let path = self.at(&format!("/element/{element}/value"));
        self.call(reqwest::Method::POST, &path, json!({ "text": text }))
            .await;
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        let path = self.at(&format!("/element/{element}/click"));
        self.call(reqwest::Method::POST, &path, json!({})).await;
    }

    /// Runs a script in the page and returns its value.
    pub async fn run(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            &self.at("/execute/sync"),
            json!({ "script": script, "args": [] }),
        )
        .await
    }

    /// Waits until `script` returns true, for up to `limit`.
    pub async fn wait_for(&self, script: &str, limit: Duration) {
        let started = Instant::now();
        while self.run(script).await != Value::Bool(true) {
            assert!(started.elapsed() < limit, "waited {limit:?} for {script}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The messages the page wrote to the console at the level `SEVERE` (errors, refused
    /// loads, policy violations) since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let log = self
            .call(
                reqwest::Method::POST,
                &self.at("/se/log"),
                json!({ "type": "browser" }),
            )
            .await;
        log.as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Resizes the window.
    pub async fn resize(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            &self.at("/window/rect"),
            json!({ "width": width, "height": height }),
        )
        .await;
    }

    /// Writes a screenshot of the window as PNG.
    pub async fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine;
        let shot = self
            .call(reqwest::Method::GET, &self.at("/screenshot"), Value::Null)
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot.as_str().unwrap())
            .unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// Ends the session and the driver.
    pub async fn quit(mut self) {
        let path = self.at("");
        self.call(reqwest::Method::DELETE, &path, Value::Null).await;
        self.session.clear();
    }
}

impl Drop for Browser {
    /// Closes the browser even when a test failed half-way (a plain HTTP request: `Drop`
    /// cannot await), then ends the driver.
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let address = self.base.trim_start_matches("http://").to_owned();
            if let Ok(mut stream) = std::net::TcpStream::connect(&address) {
                use std::io::{Read, Write};
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let request = format!(
                    "DELETE /session/{} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
                    self.session
                );
                let _ = stream.write_all(request.as_bytes());
                let _ = stream.read_to_end(&mut Vec::new());
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
