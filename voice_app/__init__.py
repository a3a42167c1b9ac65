"""voice_app: children and young people tell services what they think; someone listens and acts."""
