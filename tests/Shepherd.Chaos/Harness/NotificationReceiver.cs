namespace Shepherd.Chaos.Harness;

/// <summary>The run's notification receiver: a <c>cmd:</c> notifier script that logs every notification it takes
/// (id, task, state) and can be told to fail (before taking it) or hang (after taking it, so that the sender's retry
/// repeats an id the receiver already has) until the fault is lifted.</summary>
public sealed class NotificationReceiver
{
    private readonly string _mode;

    public NotificationReceiver(string dir)
    {
        _mode = Path.Combine(dir, "notify-mode");
        Log = Path.Combine(dir, "notifications.log");
        Script = Path.Combine(dir, "notify.sh");
        File.WriteAllText(_mode, "ok\n");
        File.WriteAllText(Script, $$"""
            #!/bin/sh
            mode=$(cat '{{_mode}}' 2>/dev/null)
            [ "$mode" = fail ] && { echo "receiver refuses for now" >&2; exit 1; }
            printf '%s %s %s\n' "$SHEPHERD_NOTIFICATION_ID" "$SHEPHERD_TASK" "$SHEPHERD_STATE" >> '{{Log}}'
            if [ "$mode" = hang ]; then
              n=0
              while [ "$(cat '{{_mode}}' 2>/dev/null)" = hang ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done
              exit 1
            fi
            exit 0

            """);
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Script { get; }
    public string Log { get; }
    public string Spec => "cmd:" + Script;

    public void Set(string mode) => File.WriteAllText(_mode, mode + "\n");

    public sealed record Received(string Id, string Task, string State);

    public List<Received> Read()
    {
        if (!File.Exists(Log)) return [];
        return File.ReadAllLines(Log).Select(l => l.Split(' ')).Where(p => p.Length == 3).Select(p => new Received(p[0], p[1], p[2])).ToList();
    }
}
