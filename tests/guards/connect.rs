//! Guard cases of the additive `/connect` routes: public, as a phone asks before anyone logs in
//! on it (the CA certificate and the box's URLs are no secret).

use super::{Access, Case, Target, case, no_body};

pub(super) fn cases() -> Vec<Case> {
    ["/connect", "/connect/ca.crt", "/connect/ca.pem"]
        .into_iter()
        .map(|route| case("GET", route, Target::None, no_body, Access::Public, 200))
        .collect()
}
