//! Prints whether Zhaohuo can reach the keychain: `ok`, or the error's kind,
//! message and hint (exit code 1). Never reads or prints a credential.

use zhaohuo_secrets::KeyringStore;
use zhaohuo_types::ErrorKind;

fn main() {
    match KeyringStore::new().probe() {
        Ok(()) => println!("ok"),
        Err(err) => {
            println!("{}", err.kind());
            println!("{err}");
            if let Some(hint) = err.hint() {
                println!("hint: {hint}");
            }
            std::process::exit(1);
        }
    }
}
