// Evaluation metrics (issue 5): not yet implemented.
