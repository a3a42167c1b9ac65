"""The rules: what a valid answer is, how a response is submitted, who may see which figures."""
