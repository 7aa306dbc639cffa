"""The versioned JSON Schema of saidwhat's output, generated from the model."""
