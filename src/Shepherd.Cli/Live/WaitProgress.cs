using Shepherd.Tasks;

namespace Shepherd.Cli.Live;

/// <summary>What <c>wait</c> shows on a terminal: one line per state change with the time since waiting began, and
/// a last line, redrawn in place, with the current state and the elapsed time. Used only on a terminal.</summary>
internal sealed class WaitProgress(TimeProvider clock)
{
    private readonly DateTimeOffset _since = clock.GetUtcNow();
    private string? _last;

    public void Update(TaskRecord task, int attempts)
    {
        var elapsed = Duration.Format(clock.GetUtcNow() - _since);
        var what = $"{task.State.Text()}{(attempts > 0 ? $" (attempt {attempts})" : "")}{(task.Reason is { } r ? ": " + Printable.Escape(r, 100) : "")}";
        if (what != _last)
        {
            Console.Out.Write($"\r\u001b[2K{elapsed,6}  {task.Name} {what}\n");
            _last = what;
        }
        if (!task.IsFinal) Console.Out.Write($"\r\u001b[2K{elapsed,6}  waiting for {task.Name}: {task.State.Text()}…");
        Console.Out.Flush();
    }

    /// <summary>Clears the in-place line before the final result is printed.</summary>
    public void Done()
    {
        Console.Out.Write("\r\u001b[2K");
        Console.Out.Flush();
    }
}
