//! HS256 tokens with the upstream claim set `{id, iat, exp}` (core.md §2.1). The secret is
//! generated on first start and kept in the data dir with mode 0600.

use crate::domain::Id;
use crate::error::{AppError, AppResult};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    id: String,
    iat: u64,
    exp: u64,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    lifetime: Duration,
}

/// Why a presented token was refused; the handshake and the HTTP middleware word it alike.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    Invalid,
}

impl TokenKeys {
    pub fn from_secret(secret: &[u8], lifetime: Duration) -> AppResult<TokenKeys> {
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret).map_err(AppError::internal)?,
            decoding: DecodingKey::from_secret(secret).map_err(AppError::internal)?,
            lifetime,
        })
    }

    /// Loads the secret from `path`, creating a random one (mode 0600) when it is missing.
    pub fn load_or_create(path: &Path, lifetime: Duration) -> AppResult<TokenKeys> {
        let secret = match std::fs::read(path) {
            Ok(secret) if secret.len() >= 32 => secret,
            Ok(_) => {
                return Err(AppError::internal(format!(
                    "{} is too short to be a JWT secret",
                    path.display()
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let secret = hex::encode(rand::random::<[u8; 32]>()).into_bytes();
                write_private_file(path, &secret)?;
                secret
            }
            Err(e) => {
                return Err(AppError::internal(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        TokenKeys::from_secret(&secret, lifetime)
    }

    pub fn issue(&self, worker: Id) -> AppResult<String> {
        let iat = now_seconds();
        let claims = Claims {
            id: worker.to_hex(),
            iat,
            exp: iat + self.lifetime.as_secs(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)
    }

    /// The worker id a valid, unexpired token names.
    pub fn verify(&self, token: &str) -> Result<Id, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| TokenError::Invalid)?;
        Id::parse(&data.claims.id).ok_or(TokenError::Invalid)
    }
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Writes a file readable only by its owner (secrets, the first admin password).
pub fn write_private_file(path: &Path, contents: &[u8]) -> AppResult<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| AppError::internal(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_tampering() {
        let keys =
            TokenKeys::from_secret(b"0123456789abcdef0123456789abcdef", Duration::from_secs(60))
                .expect("keys");
        let id = Id::new();
        let token = keys.issue(id).expect("token");
        assert_eq!(keys.verify(&token), Ok(id));
        let other =
            TokenKeys::from_secret(b"fedcba9876543210fedcba9876543210", Duration::from_secs(60))
                .expect("keys");
        assert_eq!(other.verify(&token), Err(TokenError::Invalid));
        assert_eq!(keys.verify(""), Err(TokenError::Invalid));
        assert_eq!(keys.verify("a.b.c"), Err(TokenError::Invalid));
    }

    #[test]
    fn secret_file_is_created_once_with_mode_0600() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("jwt-secret");
        let first = TokenKeys::load_or_create(&path, Duration::from_secs(60)).expect("create");
        let token = first.issue(Id::new()).expect("token");
        let second = TokenKeys::load_or_create(&path, Duration::from_secs(60)).expect("load");
        assert!(
            second.verify(&token).is_ok(),
            "the secret survives a restart"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
