//! `zhaohuo sign`, the signature doctor: peer-SDK vectors reproduced with the
//! secret from an environment variable and from stdin, `--explain` with the
//! secret masked, exact JSON string values, and no way to pass the secret in argv.

use std::path::PathBuf;

use serde_json::Value;

use super::{assert_clean_failure, contains_bytes, run, text, write_file, zhaohuo};

const SECRET_VAR: &str = "ZHAOHUO_TEST_APP_SECRET";

struct Vector {
    name: String,
    scheme: &'static str,
    secret: String,
    url_path: Option<String>,
    params: serde_json::Map<String, Value>,
    expected: String,
}

fn fixture_path() -> PathBuf {
    // The repository is cloned next to `shared/`.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/signing-sample.json")
}

fn vectors() -> Vec<Vector> {
    let path = fixture_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the signing fixture {} must be present next to the repository: {e}", path.display())
    });
    let all: Vec<Value> = serde_json::from_str(&text).expect("fixture is a JSON array");
    let vectors: Vec<Vector> = all
        .iter()
        .map(|v| {
            let family = v["family"].as_str().expect("family");
            let scheme = match family {
                "aop_hmac_sha1" => "aop",
                "top_md5" => "top-md5",
                "top_hmac" | "top_hmac_md5" => "top-hmac-md5",
                "top_hmac_sha256" => "top-hmac-sha256",
                other => panic!("fixture family {other:?} has no `zhaohuo sign --scheme`"),
            };
            Vector {
                name: format!("{family}/{}/{}", v["case"].as_str().unwrap_or("?"), v["secret"]),
                scheme,
                secret: v["secret"].as_str().expect("secret").to_owned(),
                url_path: v["url_path"].as_str().map(str::to_owned),
                params: v["params"].as_object().expect("params object").clone(),
                expected: v["expected_sign"].as_str().expect("expected_sign").to_owned(),
            }
        })
        .collect();
    assert!(vectors.len() >= 10, "the fixture holds a dozen vectors, found {}", vectors.len());
    vectors
}

/// `zhaohuo sign` for a vector, params from a JSON file, secret from nowhere yet.
fn sign_cmd(v: &Vector, params_file: &std::path::Path) -> std::process::Command {
    write_file(params_file, serde_json::to_string(&v.params).expect("json").as_bytes());
    let mut cmd = zhaohuo();
    cmd.args(["sign", "--scheme", v.scheme, "--params-json"]).arg(params_file);
    if let Some(path) = &v.url_path {
        cmd.args(["--url-path", path]);
    }
    cmd.env_remove(SECRET_VAR);
    cmd
}

fn first_line(stdout: &[u8]) -> String {
    text(stdout).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn every_fixture_vector_is_reproduced_with_the_secret_from_env_and_from_stdin() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, v) in vectors().iter().enumerate() {
        let file = dir.path().join(format!("params-{i}.json"));

        let mut cmd = sign_cmd(v, &file);
        cmd.args(["--secret-env", SECRET_VAR]).env(SECRET_VAR, &v.secret);
        let out = run(cmd, None);
        assert!(out.status.success(), "{}: {}", v.name, text(&out.stderr));
        assert_eq!(first_line(&out.stdout), v.expected, "{} (secret from env)", v.name);
        assert_eq!(text(&out.stdout).lines().count(), 1, "{}: the signature alone on one line", v.name);

        // From stdin, as `printf %s "$SECRET" |` and as `echo "$SECRET" |` send it.
        for input in [v.secret.clone(), format!("{}\n", v.secret)] {
            let out = run(sign_cmd(v, &file), Some(input.as_bytes()));
            assert!(out.status.success(), "{}: {}", v.name, text(&out.stderr));
            assert_eq!(first_line(&out.stdout), v.expected, "{} (secret from stdin {input:?})", v.name);
        }
    }
}

#[test]
fn key_value_arguments_sign_like_the_json_file() {
    let v = vectors().into_iter().find(|v| v.scheme == "top-md5").expect("a TOP vector");
    let mut cmd = zhaohuo();
    cmd.args(["sign", "--scheme", v.scheme, "--secret-env", SECRET_VAR]).env(SECRET_VAR, &v.secret);
    for (k, value) in &v.params {
        cmd.arg(format!("{k}={}", value.as_str().expect("string param")));
    }
    let out = run(cmd, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(first_line(&out.stdout), v.expected);
}

/// The explain block between the markers.
fn signed_string(stdout: &str) -> String {
    let start = stdout.find("-----BEGIN-----\n").expect("begin marker") + "-----BEGIN-----\n".len();
    let end = stdout.rfind("\n-----END-----").expect("end marker");
    stdout[start..end].to_owned()
}

#[test]
fn explain_prints_the_signed_string_with_the_secret_masked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let vectors = vectors();
    let aop = vectors.iter().find(|v| v.scheme == "aop").expect("an AOP vector");
    let top = vectors.iter().find(|v| v.scheme == "top-md5" && v.secret == "Sec+ret/=&key").expect("a TOP vector");
    for v in [aop, top] {
        let file = dir.path().join("params.json");
        let mut cmd = sign_cmd(v, &file);
        cmd.args(["--secret-env", SECRET_VAR, "--explain"]).env(SECRET_VAR, &v.secret);
        let out = run(cmd, None);
        assert!(out.status.success(), "{}: {}", v.name, text(&out.stderr));
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !contains_bytes(bytes, v.secret.as_bytes()),
                "{}: the secret leaked to {stream}:\n{}",
                v.name,
                text(bytes)
            );
        }
        let stdout = text(&out.stdout);
        assert_eq!(first_line(&out.stdout), v.expected, "{}", v.name);

        // Rebuild the string each scheme signs, independently of the CLI.
        // Tokens are signed, but shown masked.
        let shown = |k: &str, value: &Value| {
            if k == "access_token" {
                "{ACCESS_TOKEN}".to_string()
            } else {
                value.as_str().expect("string").to_string()
            }
        };
        if let Some(token) = v.params.get("access_token").and_then(Value::as_str) {
            assert!(!stdout.contains(token), "{}: the access token leaked:\n{stdout}", v.name);
        }
        let mut pairs: Vec<String> = v
            .params
            .iter()
            .filter(|(_, value)| v.scheme == "aop" || !value.as_str().unwrap_or_default().trim().is_empty())
            .map(|(k, value)| format!("{k}{}", shown(k, value)))
            .collect();
        let want = if v.scheme == "aop" {
            pairs.sort();
            format!("{}{}", v.url_path.as_deref().expect("path"), pairs.concat())
        } else {
            let mut keyed: Vec<(&String, &Value)> = v.params.iter().collect();
            keyed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            pairs = keyed.iter().map(|(k, value)| format!("{k}{}", shown(k, value))).collect();
            format!("{{SECRET}}{}{{SECRET}}", pairs.concat())
        };
        assert_eq!(signed_string(&stdout), want, "{}", v.name);
        assert!(stdout.contains(&format!("secret: {} bytes", v.secret.len())), "{}: {stdout}", v.name);
    }
}

#[test]
fn json_params_keep_exact_string_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = "exact-秘密-Sekret";
    let tricky = "连衣裙 女\n夏季新款 ";
    let spaced = "  two  spaces  ";
    let file = dir.path().join("params.json");
    let params = serde_json::json!({
        "access_token": "tok",
        "q": tricky,
        "note": spaced,
        "emoji": "👗🧵",
        "tab": "a\tb",
    });
    write_file(&file, params.to_string().as_bytes());
    let url_path = "param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery/1234567";

    let sign = |params_file: &std::path::Path, explain: bool| {
        let mut cmd = zhaohuo();
        cmd.args(["sign", "--scheme", "aop", "--url-path", url_path, "--secret-env", SECRET_VAR])
            .arg("--params-json")
            .arg(params_file)
            .env(SECRET_VAR, secret);
        if explain {
            cmd.arg("--explain");
        }
        let out = run(cmd, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        out
    };
    let out = sign(&file, true);
    let stdout = text(&out.stdout);
    let signed = signed_string(&stdout);
    for value in [tricky, spaced, "👗🧵", "a\tb"] {
        assert!(signed.contains(value), "{value:?} is signed exactly as written:\n{signed}");
    }

    // The same signature as the library computes for those exact values…
    let pairs: Vec<(String, String)> = params
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("str").to_owned()))
        .collect();
    let want =
        zhaohuo_sign::aop_signature(url_path, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), secret.as_bytes());
    assert_eq!(first_line(&out.stdout), want);

    // …and a different one once the whitespace is trimmed away.
    let trimmed_file = dir.path().join("trimmed.json");
    let mut trimmed = params.clone();
    trimmed["q"] = Value::String(tricky.trim().to_owned());
    write_file(&trimmed_file, trimmed.to_string().as_bytes());
    assert_ne!(first_line(&sign(&trimmed_file, false).stdout), want, "whitespace and newlines are part of the value");
}

#[test]
fn a_secret_on_the_command_line_is_refused_and_never_echoed() {
    let secret = "argv-Secret-7f3e9c";
    let base = ["sign", "--scheme", "top-md5"];
    let attempts: Vec<Vec<String>> = vec![
        // No such option exists.
        vec!["--secret".into(), secret.into(), "a=1".into()],
        vec![format!("--secret={secret}"), "a=1".into()],
        vec!["--app-secret".into(), secret.into(), "a=1".into()],
        // Pasted as a bare argument.
        vec!["a=1".into(), secret.into()],
        // Passed as a parameter named like the secret.
        vec!["a=1".into(), format!("app_secret={secret}")],
        vec!["a=1".into(), format!("secret={secret}")],
        // The value instead of the variable's name.
        vec!["--secret-env".into(), secret.into(), "a=1".into()],
    ];
    for extra in attempts {
        let mut cmd = zhaohuo();
        cmd.args(base).args(&extra).env_remove(secret);
        // A secret on stdin too: the refusal must not depend on it being missing.
        let out = run(cmd, Some(b"from-stdin-secret"));
        assert_clean_failure(&out, &format!("{extra:?}"));
        assert!(out.stdout.is_empty(), "{extra:?}: nothing signed: {}", text(&out.stdout));
        assert!(
            !contains_bytes(&out.stderr, secret.as_bytes()),
            "{extra:?}: the secret was echoed: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).trim().is_empty(), "{extra:?}: a reason is given");
    }
}

#[test]
fn an_empty_secret_or_unreadable_params_fail_clearly() {
    let mut cmd = zhaohuo();
    cmd.args(["sign", "--scheme", "top-md5", "a=1"]);
    let out = run(cmd, Some(b""));
    assert_clean_failure(&out, "empty stdin");
    assert!(text(&out.stderr).contains("secret is empty"), "{}", text(&out.stderr));

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.json");
    write_file(&file, b"[1, 2]");
    let mut cmd = zhaohuo();
    cmd.args(["sign", "--scheme", "top-md5", "--params-json"]).arg(&file);
    let out = run(cmd, Some(b"s"));
    assert_clean_failure(&out, "array params");
    assert!(text(&out.stderr).contains("JSON object"), "{}", text(&out.stderr));

    let mut cmd = zhaohuo();
    cmd.args(["sign", "--scheme", "aop", "a=1"]);
    let out = run(cmd, Some(b"s"));
    assert_clean_failure(&out, "aop without --url-path");
    assert!(text(&out.stderr).contains("--url-path"), "{}", text(&out.stderr));
}
