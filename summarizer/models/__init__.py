"""Model infrastructure: loading transformers and sentence encoders, devices, chunking, the generation queue."""
