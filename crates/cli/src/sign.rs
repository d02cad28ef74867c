//! `zhaohuo sign`: the "signature doctor". When a gateway says the signature
//! is invalid, a buyer can compute it here with the same code the app uses
//! and see exactly what was signed. The secret never comes from argv (it
//! would land in shell history and `ps`): it is read from an environment
//! variable or stdin.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::{bail, Context};
use zhaohuo_sign::{explain, Scheme, TopSignMethod};

/// Shown instead of the secret in `--explain` output.
const MASK: &str = "{SECRET}";

/// Shown instead of a token's value in `--explain` output.
const TOKEN_MASK: &str = "{ACCESS_TOKEN}";

/// Parameters holding the buyer's token. They are signed like any other
/// parameter, but a token is a credential on its own (whoever has it acts as
/// the buyer until it expires), so `--explain` shows it masked: its output
/// gets pasted into support chats.
const TOKEN_KEYS: [&str; 3] = ["access_token", "refresh_token", "session"];

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum SchemeArg {
    /// 1688 Open Platform `_aop_signature` (HMAC-SHA1).
    Aop,
    /// TOP router `sign_method=md5`.
    TopMd5,
    /// TOP router `sign_method=hmac` (HMAC-MD5).
    TopHmacMd5,
    /// TOP router `sign_method=hmac-sha256`.
    TopHmacSha256,
}

impl From<SchemeArg> for Scheme {
    fn from(s: SchemeArg) -> Self {
        match s {
            SchemeArg::Aop => Scheme::Aop,
            SchemeArg::TopMd5 => Scheme::Top(TopSignMethod::Md5),
            SchemeArg::TopHmacMd5 => Scheme::Top(TopSignMethod::HmacMd5),
            SchemeArg::TopHmacSha256 => Scheme::Top(TopSignMethod::HmacSha256),
        }
    }
}

#[derive(clap::Args)]
#[command(
    after_help = "The secret is read from --secret-env VAR, otherwise from stdin (one trailing newline is dropped).\n\
Examples:\n  \
printf %s \"$SECRET\" | zhaohuo sign --scheme top-md5 method=alibaba.image.search.offer.match app_key=123 ...\n  \
APP_SECRET=... zhaohuo sign --scheme aop --url-path param2/1/com.alibaba.product/alibaba.product.get/123 --secret-env APP_SECRET --params-json params.json --explain"
)]
pub struct Args {
    /// Signature scheme.
    #[arg(long, value_enum)]
    scheme: SchemeArg,
    /// AOP url path `param2/{version}/{namespace}/{api}/{appKey}` (a full URL or `/openapi/…` is accepted).
    #[arg(long)]
    url_path: Option<String>,
    /// A JSON object of parameters; string values are used exactly as written.
    #[arg(long, value_name = "FILE", conflicts_with = "params")]
    params_json: Option<PathBuf>,
    /// Name of the environment variable holding the App Secret (otherwise stdin is read).
    #[arg(long, value_name = "VAR")]
    secret_env: Option<String>,
    /// Also print the exact signed string (secret masked) and which parameters were signed.
    #[arg(long)]
    explain: bool,
    /// Parameters as KEY=VALUE (split at the first `=`).
    #[arg(value_name = "KEY=VALUE")]
    params: Vec<String>,
}

/// Parameters from a JSON object: strings verbatim, other scalars as their
/// JSON text, objects/arrays as compact JSON (what AOP object params send).
fn params_from_json(text: &str) -> anyhow::Result<Vec<(String, String)>> {
    let value: serde_json::Value = serde_json::from_str(text).context("the params file is not valid JSON")?;
    let serde_json::Value::Object(map) = value else {
        bail!("the params file must hold one JSON object of \"key\": \"value\" pairs");
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, v)
        })
        .collect())
}

/// Parameter names that hold a secret: no scheme signs the secret as a
/// parameter, so one given as a parameter is a mistake that would also print
/// it (unmasked) in `--explain` and, from argv, leave it in shell history.
const SECRET_KEYS: [&str; 5] = ["secret", "app_secret", "appsecret", "client_secret", "_aop_secret"];

fn is_secret_key(key: &str) -> bool {
    let key = key.trim().to_ascii_lowercase();
    SECRET_KEYS.contains(&key.as_str())
}

/// Refuses a parameter that is the secret, without repeating its value.
fn refuse_secret_params(params: &[(String, String)]) -> anyhow::Result<()> {
    if let Some((key, _)) = params.iter().find(|(k, _)| is_secret_key(k)) {
        bail!(
            "parameter `{key}` looks like the App Secret, which is never a signed parameter; \
             remove it and give the secret through --secret-env VAR or stdin"
        );
    }
    Ok(())
}

/// Parameters from argv. Error messages name the argument by position, never
/// by value: a bare argument without `=` is most often a pasted secret.
fn params_from_args(args: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    args.iter()
        .enumerate()
        .map(|(i, a)| match a.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => bail!(
                "parameter {} is not KEY=VALUE (its value is not repeated here in case it is the secret; \
                 the secret goes through --secret-env VAR or stdin, never the command line)",
                i + 1
            ),
        })
        .collect()
}

/// Drops exactly one trailing line break, the one `echo` or Enter adds.
fn strip_one_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    s
}

fn read_secret(env_var: Option<&str>) -> anyhow::Result<String> {
    let secret = match env_var {
        // The name is not repeated: a buyer may have typed the secret itself after --secret-env.
        Some(var) => std::env::var(var).map_err(|_| {
            anyhow::anyhow!(
                "the environment variable named by --secret-env is not set (or not UTF-8); \
                 give the variable's name (e.g. --secret-env APP_SECRET), not the secret"
            )
        })?,
        None => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                eprintln!("Paste the App Secret and press Enter (it is not echoed to any file):");
                let mut line = String::new();
                stdin.read_line(&mut line).context("could not read the secret from stdin")?;
                strip_one_newline(line)
            } else {
                let mut all = String::new();
                stdin.lock().read_to_string(&mut all).context("could not read the secret from stdin")?;
                strip_one_newline(all)
            }
        }
    };
    if secret.is_empty() {
        bail!("the secret is empty");
    }
    Ok(secret)
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let scheme: Scheme = args.scheme.into();
    if matches!(scheme, Scheme::Aop) && args.url_path.is_none() {
        bail!("--scheme aop needs --url-path param2/{{version}}/{{namespace}}/{{api}}/{{appKey}}");
    }
    let params = match &args.params_json {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))?;
            params_from_json(&text)?
        }
        None => params_from_args(&args.params)?,
    };
    refuse_secret_params(&params)?;
    let secret = read_secret(args.secret_env.as_deref())?;
    let e = explain(scheme, args.url_path.as_deref(), &params, secret.as_bytes(), MASK);
    println!("{}", e.signature);
    if args.explain {
        print!("{}", explanation(scheme, args.url_path.as_deref(), &params, &secret));
    }
    Ok(())
}

/// Token parameters with their value replaced by [`TOKEN_MASK`] (empty ones
/// stay empty: TOP leaves empty values out of the signature).
fn mask_tokens(params: &[(String, String)]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| {
            let token = TOKEN_KEYS.contains(&k.trim().to_ascii_lowercase().as_str()) && !v.trim().is_empty();
            (k.clone(), if token { TOKEN_MASK.to_string() } else { v.clone() })
        })
        .collect()
}

/// The `--explain` block. The string shown is built by the signer itself
/// from the parameters with tokens masked, so it is the string signed with
/// each token's value replaced (the order is the keys', unless one key is a
/// prefix of another), without searching the token's text in it afterwards.
fn explanation(scheme: Scheme, url_path: Option<&str>, params: &[(String, String)], secret: &str) -> String {
    use std::fmt::Write;
    let shown = explain(scheme, url_path, mask_tokens(params), secret.as_bytes(), MASK);
    let mut out = String::new();
    let _ = writeln!(out, "scheme: {}", scheme.describe());
    let trimmed = secret.trim();
    let note = if trimmed.len() != secret.len() { " — WARNING: it starts or ends with whitespace" } else { "" };
    let _ = writeln!(out, "secret: {} bytes{note}", secret.len());
    if let Some(path) = &shown.normalized_path {
        let _ = writeln!(out, "url path signed: {path}");
    }
    let _ = writeln!(out, "signed keys, in order: {}", shown.signed_keys.join(", "));
    for (key, why) in &shown.skipped {
        let _ = writeln!(out, "left out: {key} ({why})");
    }
    let _ = writeln!(out, "string to sign (between the markers, secret shown as {MASK}, tokens as {TOKEN_MASK}):");
    let _ = writeln!(out, "-----BEGIN-----");
    let _ = writeln!(out, "{}", shown.signed_string_masked);
    let _ = writeln!(out, "-----END-----");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_params_keep_exact_strings() {
        let p = params_from_json(r#"{"q":"连衣裙 女\n夏季 ","n":20,"o":{"a":1},"e":""}"#).expect("parses");
        assert!(p.contains(&("q".into(), "连衣裙 女\n夏季 ".into())));
        assert!(p.contains(&("n".into(), "20".into())));
        assert!(p.contains(&("o".into(), r#"{"a":1}"#.into())));
        assert!(p.contains(&("e".into(), String::new())));
        assert!(params_from_json("[1]").is_err());
    }

    #[test]
    fn args_split_at_first_equals() {
        let p = params_from_args(&["a=b=c".into(), "e=".into()]).expect("parses");
        assert_eq!(p, [("a".to_string(), "b=c".to_string()), ("e".to_string(), String::new())]);
        let err = params_from_args(&["a=1".into(), "hunter2".into()]).map(|_| ()).map_err(|e| e.to_string());
        assert!(err.as_ref().is_err_and(|e| e.contains("parameter 2") && !e.contains("hunter2")), "{err:?}");
    }

    #[test]
    fn secret_parameters_are_refused_without_echo() {
        for key in ["secret", "app_secret", "APP_SECRET", "appSecret", "client_secret"] {
            let err = refuse_secret_params(&[("a".into(), "1".into()), (key.into(), "hunter2".into())])
                .map_err(|e| e.to_string());
            assert!(err.as_ref().is_err_and(|e| e.contains(key) && !e.contains("hunter2")), "{key}: {err:?}");
        }
        assert!(refuse_secret_params(&[("access_token".into(), "t".into()), ("secretary".into(), "x".into())]).is_ok());
    }

    #[test]
    fn explain_masks_the_access_token() {
        let token = "buyer-token-5f1e2d";
        let params = vec![
            ("access_token".to_string(), token.to_string()),
            ("productID".to_string(), "123".to_string()),
            ("webSite".to_string(), "1688".to_string()),
        ];
        let path = Some("param2/1/system/currentTime/1234567");
        let text = explanation(Scheme::Aop, path, &params, "s3cr3t-value");
        assert!(!text.contains(token), "{text}");
        assert!(!text.contains("s3cr3t-value"), "{text}");
        assert!(text.contains("access_token{ACCESS_TOKEN}productID123webSite1688"), "{text}");
        let top = vec![("session".to_string(), token.to_string()), ("method".to_string(), "x".to_string())];
        let text = explanation(Scheme::Top(TopSignMethod::Md5), None, &top, "s3cr3t-value");
        assert!(!text.contains(token) && text.contains("session{ACCESS_TOKEN}"), "{text}");
    }

    #[test]
    fn only_one_newline_is_dropped() {
        assert_eq!(strip_one_newline("s \n\n".into()), "s \n");
        assert_eq!(strip_one_newline("s\r\n".into()), "s");
        assert_eq!(strip_one_newline("s".into()), "s");
    }
}
