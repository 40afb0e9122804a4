//! Mocked integrations, in the format of Step Functions Local's mock configuration file
//! (`MockConfigFile.json`), so existing files work unchanged:
//!
//! ```json
//! {"StateMachines": {"Orders": {"TestCases": {"HappyPath": {"Charge": "ChargeOk"}}}},
//!  "MockedResponses": {"ChargeOk": {"0": {"Return": {"StatusCode": 200}}},
//!                      "Flaky": {"0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
//!                                "2": {"Return": {}}}}}
//! ```
//!
//! A test case maps state names to mocked responses; a mocked response maps invocation numbers
//! (`"0"`, or an inclusive range `"1-2"`) to a `Return` (the task's result) or a `Throw` (an
//! error and cause). Invocations are counted per state over the whole run (retries, Map
//! iterations and Parallel branches included, in the order the run performs them).
//!
//! Beyond Step Functions Local, a test case may also name a Distributed Map state: its mocked
//! response is what the `ItemReader` reads (an array of items, or for CSV, JSON and JSONL
//! readers the file's text).

use std::rc::Rc;

use crate::diagnostic::Path;
use crate::json::Json;

/// What one invocation of a mocked state does.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// The task's result.
    Return(Json),
    /// The task fails with this error (a timeout when the error is `States.Timeout` or
    /// `States.HeartbeatTimeout`).
    Throw {
        error: String,
        cause: Option<String>,
    },
}

/// A mocked response: one [`Response`] per invocation number.
#[derive(Debug, Clone, PartialEq)]
pub struct MockedResponse {
    pub name: String,
    /// Inclusive invocation ranges, in the order given.
    entries: Vec<(u64, u64, Response)>,
}

impl MockedResponse {
    pub fn new(name: impl Into<String>) -> MockedResponse {
        MockedResponse {
            name: name.into(),
            entries: Vec::new(),
        }
    }

    /// Adds the response for invocations `first..=last`; fails when they overlap others.
    pub fn add(&mut self, first: u64, last: u64, response: Response) -> Result<(), String> {
        if first > last {
            return Err(format!(
                "the range {first}-{last} is empty: write the lower number first"
            ));
        }
        if let Some((a, b, _)) = self
            .entries
            .iter()
            .find(|(a, b, _)| first <= *b && *a <= last)
        {
            return Err(format!(
                "invocations {} overlap invocations {}",
                range_text(first, last),
                range_text(*a, *b)
            ));
        }
        self.entries.push((first, last, response));
        Ok(())
    }

    /// Parses an invocation key: `"0"` or `"1-2"`.
    pub fn parse_key(key: &str) -> Option<(u64, u64)> {
        let num = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        match key.split_once('-') {
            Some((a, b)) => Some((num(a)?, num(b)?)),
            None => num(key).map(|n| (n, n)),
        }
    }

    pub fn response(&self, invocation: usize) -> Option<&Response> {
        let n = invocation as u64;
        self.entries
            .iter()
            .find(|(a, b, _)| (*a..=*b).contains(&n))
            .map(|(_, _, r)| r)
    }

    /// The invocations it defines, for messages (`0-2, 3`).
    pub fn defined(&self) -> String {
        let mut ranges: Vec<(u64, u64)> = self.entries.iter().map(|(a, b, _)| (*a, *b)).collect();
        ranges.sort();
        ranges
            .iter()
            .map(|(a, b)| range_text(*a, *b))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn range_text(a: u64, b: u64) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}-{b}")
    }
}

/// The mocks of one run: state name -> mocked response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestCase {
    pub name: String,
    states: Vec<(String, Rc<MockedResponse>)>,
}

/// What a test case says about one invocation of a state.
#[derive(Debug)]
pub enum Lookup<'a> {
    Found(&'a Response),
    /// The state is mocked, but not for this invocation.
    NoInvocation(&'a MockedResponse),
    Unmocked,
}

impl TestCase {
    pub fn new(name: impl Into<String>) -> TestCase {
        TestCase {
            name: name.into(),
            states: Vec::new(),
        }
    }

    /// Mocks `state` (replacing an earlier mock of it).
    pub fn mock(&mut self, state: impl Into<String>, response: MockedResponse) {
        let state = state.into();
        self.states.retain(|(s, _)| *s != state);
        self.states.push((state, Rc::new(response)));
    }

    pub fn lookup(&self, state: &str, invocation: usize) -> Lookup<'_> {
        match self.states.iter().find(|(s, _)| s == state) {
            None => Lookup::Unmocked,
            Some((_, r)) => match r.response(invocation) {
                Some(resp) => Lookup::Found(resp),
                None => Lookup::NoInvocation(r),
            },
        }
    }

    /// The mocked state names, in the order given.
    pub fn states(&self) -> impl Iterator<Item = &str> {
        self.states.iter().map(|(s, _)| s.as_str())
    }
}

/// A response in the compact form of HCL test cases: `{result = ...}`, `{error = ..., cause =
/// ...}`, or Step Functions Local's `{Return = ...}` / `{Throw = {Error, Cause}}`.
fn compact_response(v: &Json, at: &Path, problems: &mut Vec<MockProblem>) -> Option<Response> {
    let Json::Object(m) = v else {
        problems.push(MockProblem {
            path: at.clone(),
            message: format!("a mocked response is an object such as {{ result = ... }} or {{ error = \"...\", cause = \"...\" }}, not {}", v.type_name()),
        });
        return None;
    };
    if m.iter().any(|(k, _)| k == "Return" || k == "Throw") {
        return response(v, at, problems);
    }
    let get = |k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    for (k, _) in m {
        if !matches!(k.as_str(), "result" | "error" | "cause") {
            problems.push(MockProblem {
                path: at.key(k),
                message: format!(
                    "unknown field \"{k}\" (a mocked response has result, or error and cause)"
                ),
            });
        }
    }
    match (get("result"), get("error"), get("cause")) {
        (Some(r), None, None) => Some(Response::Return(r.clone())),
        (None, Some(Json::String(e)), cause) => match cause {
            None | Some(Json::Null) => Some(Response::Throw {
                error: e.clone(),
                cause: None,
            }),
            Some(Json::String(c)) => Some(Response::Throw {
                error: e.clone(),
                cause: Some(c.clone()),
            }),
            Some(other) => {
                problems.push(MockProblem {
                    path: at.key("cause"),
                    message: format!("cause is a string, not {}", other.type_name()),
                });
                None
            }
        },
        (None, Some(other), _) => {
            problems.push(MockProblem {
                path: at.key("error"),
                message: format!("error is a string, not {}", other.type_name()),
            });
            None
        }
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            problems.push(MockProblem {
                path: at.clone(),
                message: "a mocked response has either result or error, not both".into(),
            });
            None
        }
        (None, None, _) => {
            problems.push(MockProblem {
                path: at.clone(),
                message: "a mocked response needs result, or error (and cause)".into(),
            });
            None
        }
    }
}

impl TestCase {
    /// Adds mocks in the compact form of HCL test cases: state name -> a response for every
    /// invocation, a list of responses (one per invocation, in order), or an object keyed by
    /// invocation numbers and ranges (`"0"`, `"1-2"`) as in Step Functions Local.
    pub fn add_compact(&mut self, v: &Json, at: &Path) -> Vec<MockProblem> {
        let mut problems = Vec::new();
        let Json::Object(states) = v else {
            problems.push(MockProblem {
                path: at.clone(),
                message: format!(
                    "mocks is an object of state name to mocked response, not {}",
                    v.type_name()
                ),
            });
            return problems;
        };
        for (state, spec) in states {
            let sat = at.key(state);
            let mut mocked = MockedResponse::new(state.clone());
            let by_invocation = matches!(spec, Json::Object(m) if !m.is_empty() && m.iter().all(|(k, _)| MockedResponse::parse_key(k).is_some()));
            match spec {
                Json::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(r) = compact_response(item, &sat.index(i), &mut problems) {
                            let n = i as u64;
                            let _ = mocked.add(n, n, r);
                        }
                    }
                }
                Json::Object(m) if by_invocation => {
                    for (k, item) in m {
                        let Some((first, last)) = MockedResponse::parse_key(k) else {
                            continue;
                        };
                        if let Some(r) = compact_response(item, &sat.key(k), &mut problems) {
                            if let Err(message) = mocked.add(first, last, r) {
                                problems.push(MockProblem {
                                    path: sat.key(k),
                                    message,
                                });
                            }
                        }
                    }
                }
                other => {
                    if let Some(r) = compact_response(other, &sat, &mut problems) {
                        let _ = mocked.add(0, u64::MAX, r);
                    }
                }
            }
            self.mock(state.clone(), mocked);
        }
        problems
    }
}

/// A problem in a mock configuration, at a JSON pointer inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct MockProblem {
    pub path: Path,
    pub message: String,
}

impl std::fmt::Display for MockProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A state machine's test cases: (test case, [(state, mocked response name)]).
type TestCases = Vec<(String, Vec<(String, String)>)>;

/// A parsed mock configuration file.
#[derive(Debug, Clone, Default)]
pub struct MockConfig {
    machines: Vec<(String, TestCases)>,
    responses: Vec<Rc<MockedResponse>>,
}

fn object<'a>(
    v: &'a Json,
    at: &Path,
    what: &str,
    problems: &mut Vec<MockProblem>,
) -> &'a [(String, Json)] {
    match v {
        Json::Object(m) => m,
        other => {
            problems.push(MockProblem {
                path: at.clone(),
                message: format!("{what} must be an object, not {}", other.type_name()),
            });
            &[]
        }
    }
}

fn response(v: &Json, at: &Path, problems: &mut Vec<MockProblem>) -> Option<Response> {
    let members = object(v, at, "a mocked response", problems);
    let mut found = None;
    for (k, v) in members {
        let here = at.key(k);
        let r = match k.as_str() {
            "Return" => Some(Response::Return(v.clone())),
            "Throw" => {
                let fields = object(v, &here, "Throw", problems);
                let mut error = None;
                let mut cause = None;
                for (fk, fv) in fields {
                    match (fk.as_str(), fv) {
                        ("Error", Json::String(s)) => error = Some(s.clone()),
                        ("Cause", Json::String(s)) => cause = Some(s.clone()),
                        ("Error" | "Cause", other) => problems.push(MockProblem {
                            path: here.key(fk),
                            message: format!("{fk} must be a string, not {}", other.type_name()),
                        }),
                        _ => problems.push(MockProblem {
                            path: here.key(fk),
                            message: format!(
                                "unknown field \"{fk}\" in Throw (expected Error and Cause)"
                            ),
                        }),
                    }
                }
                match error {
                    Some(error) => Some(Response::Throw { error, cause }),
                    None => {
                        if matches!(v, Json::Object(_)) {
                            problems.push(MockProblem {
                                path: here.clone(),
                                message: "Throw needs an \"Error\" name".into(),
                            });
                        }
                        None
                    }
                }
            }
            _ => {
                problems.push(MockProblem {
                    path: here,
                    message: format!(
                        "unknown field \"{k}\": a mocked response has Return or Throw"
                    ),
                });
                continue;
            }
        };
        if found.is_some() {
            problems.push(MockProblem {
                path: at.clone(),
                message: "a mocked response has either Return or Throw, not both".into(),
            });
        }
        found = r.or(found);
    }
    if found.is_none() && members.is_empty() && matches!(v, Json::Object(_)) {
        problems.push(MockProblem {
            path: at.clone(),
            message: "a mocked response needs Return or Throw".into(),
        });
    }
    found
}

impl MockConfig {
    /// Reads a mock configuration, reporting every problem (with where it is).
    pub fn from_json(v: &Json) -> Result<MockConfig, Vec<MockProblem>> {
        let mut problems = Vec::new();
        let mut config = MockConfig::default();
        let root = Path::root();
        for (k, v) in object(v, &root, "the mock configuration", &mut problems) {
            let at = root.key(k);
            match k.as_str() {
                "StateMachines" => {
                    for (machine, mv) in object(v, &at, "StateMachines", &mut problems) {
                        let mat = at.key(machine);
                        let mut cases = Vec::new();
                        for (mk, tv) in object(mv, &mat, "a state machine", &mut problems) {
                            if mk != "TestCases" {
                                problems.push(MockProblem {
                                    path: mat.key(mk),
                                    message: format!(
                                        "unknown field \"{mk}\" (a state machine has TestCases)"
                                    ),
                                });
                                continue;
                            }
                            let tat = mat.key(mk);
                            for (case, cv) in object(tv, &tat, "TestCases", &mut problems) {
                                let cat = tat.key(case);
                                let mut states = Vec::new();
                                for (state, rv) in object(cv, &cat, "a test case", &mut problems) {
                                    match rv {
                                        Json::String(r) => states.push((state.clone(), r.clone())),
                                        other => problems.push(MockProblem {
                                            path: cat.key(state),
                                            message: format!("the mocked response of a state is named by a string, not {}", other.type_name()),
                                        }),
                                    }
                                }
                                cases.push((case.clone(), states));
                            }
                        }
                        config.machines.push((machine.clone(), cases));
                    }
                }
                // The documentation names it both ways.
                "MockedResponses" | "MockedResponse" => {
                    for (name, rv) in object(v, &at, "MockedResponses", &mut problems) {
                        let rat = at.key(name);
                        let mut mocked = MockedResponse::new(name.clone());
                        for (key, iv) in object(rv, &rat, "a mocked response", &mut problems) {
                            let iat = rat.key(key);
                            let Some((first, last)) = MockedResponse::parse_key(key) else {
                                problems.push(MockProblem {
                                    path: iat,
                                    message: format!("\"{key}\" is not an invocation number or range (\"0\", \"1-2\")"),
                                });
                                continue;
                            };
                            if let Some(r) = response(iv, &iat, &mut problems) {
                                if let Err(message) = mocked.add(first, last, r) {
                                    problems.push(MockProblem { path: iat, message });
                                }
                            }
                        }
                        config.responses.push(Rc::new(mocked));
                    }
                }
                _ => problems.push(MockProblem {
                    path: at,
                    message: format!(
                        "unknown field \"{k}\" (expected StateMachines and MockedResponses)"
                    ),
                }),
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    pub fn machines(&self) -> impl Iterator<Item = &str> {
        self.machines.iter().map(|(m, _)| m.as_str())
    }

    /// The test case names of a state machine, in file order.
    pub fn test_cases(&self, machine: &str) -> Option<Vec<&str>> {
        self.machines
            .iter()
            .find(|(m, _)| m == machine)
            .map(|(_, cases)| cases.iter().map(|(c, _)| c.as_str()).collect())
    }

    /// One test case with its mocked responses resolved.
    pub fn test_case(&self, machine: &str, name: &str) -> Result<TestCase, String> {
        let Some((_, cases)) = self.machines.iter().find(|(m, _)| m == machine) else {
            let known: Vec<&str> = self.machines().collect();
            return Err(format!(
                "the mock configuration has no state machine \"{machine}\" (it has: {})",
                known.join(", ")
            ));
        };
        let Some((_, states)) = cases.iter().find(|(c, _)| c == name) else {
            let known: Vec<&str> = cases.iter().map(|(c, _)| c.as_str()).collect();
            return Err(format!(
                "state machine \"{machine}\" has no test case \"{name}\" (it has: {})",
                known.join(", ")
            ));
        };
        let mut tc = TestCase::new(name);
        for (state, response) in states {
            let Some(r) = self.responses.iter().find(|r| r.name == *response) else {
                return Err(format!(
                    "test case \"{name}\" maps state \"{state}\" to \"{response}\", which MockedResponses does not define"
                ));
            };
            tc.states.push((state.clone(), r.clone()));
        }
        Ok(tc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse_json;

    fn j(s: &str) -> Json {
        parse_json(s, &mut Vec::new()).unwrap_or_else(|| panic!("bad test JSON {s}"))
    }

    /// The example of the Step Functions Local documentation, unchanged.
    const DOCUMENTED: &str = r#"{
      "StateMachines":{
        "LambdaSQSIntegration":{
          "TestCases":{
            "HappyPath":{"LambdaState":"MockedLambdaSuccess","SQSState":"MockedSQSSuccess"},
            "RetryPath":{"LambdaState":"MockedLambdaRetry","SQSState":"MockedSQSSuccess"},
            "HybridPath":{"LambdaState":"MockedLambdaSuccess"}
          }
        }
      },
      "MockedResponses":{
        "MockedLambdaSuccess":{"0":{"Return":{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}}},
        "LambdaMockedResourceNotReady":{"0":{"Throw":{"Error":"Lambda.ResourceNotReadyException","Cause":"Lambda resource is not ready."}}},
        "MockedSQSSuccess":{"0":{"Return":{"MD5OfMessageBody":"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51","MessageId":"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
        "MockedLambdaRetry":{
          "0":{"Throw":{"Error":"Lambda.ResourceNotReadyException","Cause":"Lambda resource is not ready."}},
          "1-2":{"Throw":{"Error":"Lambda.TimeoutException","Cause":"Lambda timed out."}},
          "3":{"Return":{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}}
        }
      }
    }"#;

    #[test]
    fn reads_the_documented_file() {
        let config = MockConfig::from_json(&j(DOCUMENTED)).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(
            config.machines().collect::<Vec<_>>(),
            vec!["LambdaSQSIntegration"]
        );
        assert_eq!(
            config.test_cases("LambdaSQSIntegration"),
            Some(vec!["HappyPath", "RetryPath", "HybridPath"])
        );
        let tc = config
            .test_case("LambdaSQSIntegration", "RetryPath")
            .unwrap_or_default();
        let error_of = |n: usize| match tc.lookup("LambdaState", n) {
            Lookup::Found(Response::Throw { error, .. }) => error.clone(),
            Lookup::Found(Response::Return(_)) => "return".into(),
            other => format!("{other:?}"),
        };
        assert_eq!(error_of(0), "Lambda.ResourceNotReadyException");
        assert_eq!(error_of(1), "Lambda.TimeoutException");
        assert_eq!(error_of(2), "Lambda.TimeoutException");
        assert_eq!(error_of(3), "return");
        assert!(
            matches!(tc.lookup("LambdaState", 4), Lookup::NoInvocation(r) if r.defined() == "0, 1-2, 3")
        );
        assert!(matches!(tc.lookup("Other", 0), Lookup::Unmocked));
        let hybrid = config
            .test_case("LambdaSQSIntegration", "HybridPath")
            .unwrap_or_default();
        assert!(matches!(hybrid.lookup("SQSState", 0), Lookup::Unmocked));
        assert!(config
            .test_case("LambdaSQSIntegration", "Nope")
            .is_err_and(|e| e.contains("HappyPath")));
        assert!(config
            .test_case("Other", "HappyPath")
            .is_err_and(|e| e.contains("LambdaSQSIntegration")));
    }

    #[test]
    fn reports_every_problem_with_its_place() {
        let bad = j(r#"{
          "StateMachines": {"M": {"TestCases": {"T": {"A": "Missing", "B": 5}}, "Extra": 1}},
          "MockedResponses": {
            "R": {"x": {"Return": 1}, "0": {"Return": 1, "Throw": {"Error": "E"}}, "0-1": {"Return": 2}, "3": {"Throw": {"Cause": "c"}}, "4": {}},
            "S": {"2-1": {"Return": 1}, "0": {"Neither": 1}}
          },
          "Bogus": true
        }"#);
        let problems = MockConfig::from_json(&bad).expect_err("problems");
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        for expected in [
            "/StateMachines/M/TestCases/T/B: the mocked response of a state is named by a string",
            "/StateMachines/M/Extra: unknown field",
            "/MockedResponses/R/x: \"x\" is not an invocation number",
            "/MockedResponses/R/0: a mocked response has either Return or Throw",
            "/MockedResponses/R/0-1: invocations 0-1 overlap invocations 0",
            "/MockedResponses/R/3/Throw: Throw needs an \"Error\"",
            "/MockedResponses/R/4: a mocked response needs Return or Throw",
            "/MockedResponses/S/2-1: the range 2-1 is empty",
            "/MockedResponses/S/0/Neither: unknown field",
            "/Bogus: unknown field",
        ] {
            assert!(
                text.iter().any(|t| t.starts_with(expected)),
                "{expected}\n{text:#?}"
            );
        }
        let unresolved = MockConfig::from_json(&j(r#"{"StateMachines": {"M": {"TestCases": {"T": {"A": "Missing"}}}}, "MockedResponses": {}}"#))
            .unwrap_or_default();
        assert!(unresolved
            .test_case("M", "T")
            .is_err_and(|e| e.contains("\"Missing\"")));
    }

    #[test]
    fn compact_mocks() {
        let mut tc = TestCase::new("hcl");
        let problems = tc.add_compact(
            &j(r#"{
              "Always": {"result": {"ok": true}},
              "Seq": [{"error": "E1", "cause": "c"}, {"result": 2}],
              "Keyed": {"0-1": {"error": "Throttled"}, "2": {"Return": 3}}
            }"#),
            &Path::root(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            matches!(tc.lookup("Always", 12345), Lookup::Found(Response::Return(v)) if v.to_compact() == r#"{"ok":true}"#)
        );
        assert!(
            matches!(tc.lookup("Seq", 0), Lookup::Found(Response::Throw { error, cause }) if error == "E1" && cause.as_deref() == Some("c"))
        );
        assert!(matches!(
            tc.lookup("Seq", 1),
            Lookup::Found(Response::Return(_))
        ));
        assert!(matches!(tc.lookup("Seq", 2), Lookup::NoInvocation(_)));
        assert!(matches!(
            tc.lookup("Keyed", 1),
            Lookup::Found(Response::Throw { cause: None, .. })
        ));
        assert!(matches!(
            tc.lookup("Keyed", 2),
            Lookup::Found(Response::Return(_))
        ));
        let problems = TestCase::new("bad").add_compact(
            &j(r#"{"A": {"result": 1, "error": "E"}, "B": {"nothing": 1}, "C": 5, "D": {"error": 5}, "E": [{"result": 1, "extra": 2}]}"#),
            &Path::root(),
        );
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        for expected in [
            "/A: a mocked response has either result or error",
            "/B/nothing: unknown field",
            "/B: a mocked response needs result",
            "/C: a mocked response is an object",
            "/D/error: error is a string",
            "/E/0/extra: unknown field",
        ] {
            assert!(
                text.iter().any(|t| t.starts_with(expected)),
                "{expected}\n{text:#?}"
            );
        }
    }

    #[test]
    fn keys() {
        assert_eq!(MockedResponse::parse_key("0"), Some((0, 0)));
        assert_eq!(MockedResponse::parse_key("1-2"), Some((1, 2)));
        assert_eq!(MockedResponse::parse_key(" 3 - 4 "), Some((3, 4)));
        for bad in ["", "-", "a", "1-", "-1", "1-2-3", "+1", "1.0"] {
            assert_eq!(MockedResponse::parse_key(bad), None, "{bad}");
        }
    }
}
