-- Usage read side (server/usage/queries.ts): the roll-ups' primary key also carries `value`, so
-- the usage page's reads — one org's buckets of a few metrics over a range — are index-only
-- scans. Roll-ups of one org are written hour after hour among every other org's, so a heap
-- fetch per row touched ~2,500 scattered pages for a 12-month chart (485 ms cold in
-- bench/usageDashboard.ts; 4 ms index-only). Same key columns, so nothing else changes.
-- Hand-written (drizzle cannot express INCLUDE); to be journaled by the lead.
ALTER TABLE "usage_rollups"
  DROP CONSTRAINT "usage_rollups_org_id_metric_granularity_dimension_bucket_start_",
  ADD CONSTRAINT "usage_rollups_org_id_metric_granularity_dimension_bucket_start_"
    PRIMARY KEY ("org_id", "metric", "granularity", "dimension", "bucket_start") INCLUDE ("value");
