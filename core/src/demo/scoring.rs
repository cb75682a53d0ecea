//! Seeding the value analytics: the default value model, then a rescoring for scores, RFM, ABC and churn.

use serde_json::json;

use super::layout::value_model_request;
use super::seeder::Seeder;
use crate::api::ApiResult;

impl Seeder<'_> {
    /// The default value model (which scores every customer) and a rescoring for RFM, ABC and churn.
    pub(super) fn value_model(&mut self) -> ApiResult<()> {
        if self.skip("value_models.create") || self.skip("scores.rescore") {
            return Ok(());
        }
        self.call("value_models.create", value_model_request())?;
        self.summary.value_models = 1;
        self.call("scores.rescore", json!({}))?;
        Ok(())
    }
}
