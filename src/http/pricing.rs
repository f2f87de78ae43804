//! `/api/pricing-settings` (core.md §11.5): the singleton settings, read and replaced.

use super::body::JsonBody;
use super::reply;
use super::validate::{Obj, parse};
use crate::app::AppState;
use crate::domain::pricing::{GlassPrices, GlassVariant, GrindingRate, Price};
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::pricing::PricingPatch;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

const NOT_NEGATIVE: Option<f64> = Some(0.0);

fn not_negative(value: &Value) -> Option<Price> {
    value.as_f64().filter(|n| *n >= 0.0).map(Price)
}

/// `grindingRate`: a number ≥ 0 or a record of numbers ≥ 0. Like zod's union, any failure is
/// one `Invalid input` at the field.
fn grinding_rate(variant: &Obj<'_>) -> Option<GrindingRate> {
    let rate = match variant.get("grindingRate") {
        Some(rate @ Value::Number(_)) => not_negative(rate).map(GrindingRate::Flat),
        Some(Value::Object(rates)) => rates
            .iter()
            .map(|(finish, rate)| not_negative(rate).map(|rate| (finish.clone(), rate)))
            .collect::<Option<Vec<_>>>()
            .map(GrindingRate::ByFinish),
        _ => None,
    };
    if rate.is_none() {
        variant.fail("grindingRate", "Invalid input");
    }
    rate
}

/// `glassPrices`: glass type → thickness → `{pricePerSqFt, grindingRate}`, in the client's
/// order, other keys of a variant dropped.
fn glass_prices(b: &Obj<'_>) -> Option<GlassPrices> {
    b.opt_record("glassPrices", |types, glass| {
        types.opt_record(glass, |thicknesses, thickness| {
            thicknesses
                .opt_obj(thickness, |v| {
                    let price = v.req_number("pricePerSqFt", NOT_NEGATIVE, None);
                    let rate = grinding_rate(v);
                    Some(GlassVariant {
                        price_per_sq_ft: Price(price?),
                        grinding_rate: rate?,
                    })
                })
                .flatten()
        })
    })
    .map(GlassPrices)
}

pub async fn get(State(state): State<AppState>) -> AppResult<Response> {
    let (settings, editor) = ops::pricing::get(&state.core).await?;
    Ok(reply::ok("Success", settings.with_editor(editor.as_ref())))
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(PricingPatch {
            glass_prices: glass_prices(b),
            hole_price_each: b.opt_number("holePriceEach", NOT_NEGATIVE, None),
            notch_price: b.opt_number("notchPrice", NOT_NEGATIVE, None),
        })
    })?;
    let (settings, editor) = ops::pricing::update(&state.core, actor.worker.id, patch).await?;
    Ok(reply::ok(
        "Pricing settings updated",
        settings.with_editor(editor.as_ref()),
    ))
}
