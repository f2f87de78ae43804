//! Credentials: JWT issue and verification, bcrypt hashing, the login throttle, and device
//! tokens.

pub mod callers;
pub mod device_token;
pub mod password;
pub mod throttle;
pub mod token;
