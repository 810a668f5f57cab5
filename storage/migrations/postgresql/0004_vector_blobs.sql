-- Nothing to do on PostgreSQL: vectors are REAL[] there. (Kept so both dialects share one version.)
SELECT 1;
