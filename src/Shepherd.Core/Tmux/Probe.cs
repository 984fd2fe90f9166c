namespace Shepherd.Tmux;

/// <summary>The answer to "is it there?": a failed or timed-out probe is Unknown, never Gone.</summary>
public enum Probe { Alive, Gone, Unknown }
