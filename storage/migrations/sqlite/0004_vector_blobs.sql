-- Vectors were bound as TEXT holding float32 bytes; store them as the BLOBs they are, so that
-- Python's sqlite3 (and numpy.frombuffer(v, dtype='<f4')) reads them.
UPDATE job_embeddings SET vector = CAST(vector AS BLOB) WHERE typeof(vector) = 'text';
UPDATE processed_job_data SET embedding = CAST(embedding AS BLOB) WHERE typeof(embedding) = 'text';
