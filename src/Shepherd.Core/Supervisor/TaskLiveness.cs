using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Supervisor;

/// <summary>Tells an orphaned task — not final, and no runner holds its lock — from one that is waiting (a backoff, a
/// runner on its way). Read commands show it, and <c>wait</c> and <c>logs -f</c> recover it instead of hanging.</summary>
public static class TaskLiveness
{
    public static bool IsOrphaned(ShepherdHome home, TaskRecord task, TimeProvider clock, TimeSpan startGrace)
    {
        if (task.IsFinal) return false;
        if (task.Engine != Engines.Tmux) return false; // its engine runs it again (shepherd run), not recover
        if (task.State == TaskState.Starting && clock.GetUtcNow() - task.UpdatedAt < startGrace) return false; // its runner is on its way
        if (!Directory.Exists(home.TaskDir(task.Name))) return true;
        try { return !FileLock.IsHeld(home.RunnerLock(task.Name)); }
        catch (IOException) { return true; }
    }

    public const string Hint = "no runner; `shepherd recover` (or a running daemon) brings it back";
}
