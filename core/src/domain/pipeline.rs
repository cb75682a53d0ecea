//! Pipelines and stages (OPP-1): order, probabilities, approval gates, forecast categories.
