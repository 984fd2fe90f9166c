namespace Shepherd.Chaos.Support;

/// <summary>An open/closed gate that commands pass before they start: closed while a simulated reboot is under way, so
/// nothing new starts on the dying "machine".</summary>
public sealed class Gate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Opened();

    public Task PassAsync()
    {
        lock (_lock) return _open.Task;
    }

    public void Close()
    {
        lock (_lock) if (_open.Task.IsCompleted) _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open()
    {
        lock (_lock) _open.TrySetResult();
    }

    private static TaskCompletionSource Opened()
    {
        var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        t.SetResult();
        return t;
    }
}
