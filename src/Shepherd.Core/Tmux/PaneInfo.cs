namespace Shepherd.Tmux;

/// <summary>A tmux pane: its id (%N), the pid of the process it runs, and whether that process has exited.</summary>
public sealed record PaneInfo(string PaneId, int Pid, bool Dead);
