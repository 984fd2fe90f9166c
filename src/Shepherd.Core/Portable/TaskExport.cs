using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Portable;

/// <summary>What <c>shepherd export</c> puts in the archive: the task's record, attempts and checks, its prompt, custom
/// agent definition and handoff prompts, the tail of its log, the agent's session files of the task's conversation (as
/// they are now; the latest snapshot's copy of one that is gone or damaged), and its environment only when asked.</summary>
public sealed class TaskExport(ShepherdHome home, TaskStore store, ICommandRunner commands, TimeProvider clock)
{
    /// <summary>How much of output.log travels (its end): what a handoff reads of the agent's last messages, and more.</summary>
    public const int LogTail = 4 * 1024 * 1024;

    public sealed record Result(IReadOnlyList<(string Name, byte[] Bytes)> Entries, int SessionFiles, string? Note);

    public Result Build(TaskRecord task, bool withEnv, string exportedFrom)
    {
        var dir = home.TaskDir(task.Name);
        var env = TaskEnvironment.LoadOr(home.EnvFile(task.Name), TaskEnvironment.Current());
        var entries = new List<(string, byte[])>();
        var files = new List<(string, byte[])>();
        void Add(string name, string path)
        {
            if (File.Exists(path)) files.Add(($"task/{name}", File.ReadAllBytes(path)));
        }
        Add("prompt", home.PromptFile(task.Name));
        Add("agent.json", home.AgentFile(task.Name));
        Add("check.log", home.CheckLog(task.Name));
        if (Directory.Exists(dir))
            foreach (var handoff in Directory.EnumerateFiles(dir, "handoff-*.md").Order(StringComparer.Ordinal))
                Add(Path.GetFileName(handoff), handoff);
        if (Tail(home.LogFile(task.Name)) is { } log) files.Add(("task/output.log", log));
        if (!files.Any(f => f.Item1 == "task/prompt")) throw new OperationFailedException($"{task.Name} has no prompt file ({home.PromptFile(task.Name)})");

        var (session, sessionEntries, note) = task.AgentSessionId is { } sid ? Session(task, sid, env) : ([], [], null);
        var manifest = new TaskManifest(task, store.ListAttempts(task.Id), store.ListChecks(task.Id), session, clock.GetUtcNow(), exportedFrom, withEnv);
        entries.Add((TaskArchive.ManifestEntry, manifest.ToJson()));
        entries.AddRange(files);
        entries.AddRange(sessionEntries);
        if (withEnv) entries.Add((TaskArchive.EnvEntry, File.Exists(home.EnvFile(task.Name)) ? File.ReadAllBytes(home.EnvFile(task.Name)) : []));
        return new Result(entries, session.Count, note);
    }

    private (List<PortableSession>, List<(string, byte[])>, string?) Session(TaskRecord task, string sid, IReadOnlyDictionary<string, string> env)
    {
        var adapter = AgentRegistry.ForTask(home, task);
        if (task.Agent == "opencode") return OpenCode(task, sid, env, adapter);
        var ctx = new AgentContext(task, home.TaskDir(task.Name), []) { Environment = env };
        var snapshot = new SessionSnapshots(home, task.Name, clock).Latest(sid);
        // The agent's file as it is now, unless it is gone or damaged: then the snapshot's copy.
        var chosen = new List<(string Original, string Read)>();
        foreach (var path in adapter.SessionFiles(ctx, sid))
        {
            if (Directory.Exists(path)) { chosen.AddRange(FilesUnder(path, path)); continue; } // Copilot's session folder
            if (!File.Exists(path)) continue;
            var entry = snapshot?.Entries.FirstOrDefault(e => e.Original == Path.GetFullPath(path) && !e.IsDirectory);
            chosen.Add(entry is not null && SessionSnapshots.Damaged(entry, snapshot!) ? (path, SessionSnapshots.CopyOf(entry, snapshot!)) : (path, path));
        }
        if (chosen.Count == 0 && snapshot is not null)
            foreach (var e in snapshot.Entries)
                chosen.AddRange(e.IsDirectory ? FilesUnder(SessionSnapshots.CopyOf(e, snapshot), e.Original) : [(e.Original, SessionSnapshots.CopyOf(e, snapshot))]);
        var session = new List<PortableSession>();
        var entries = new List<(string, byte[])>();
        foreach (var (original, read) in chosen)
        {
            if (SessionPlaces.Describe(task.Agent, original, env) is not { } place) continue;
            var stored = $"session/{session.Count}-{Path.GetFileName(original)}";
            session.Add(new PortableSession(stored, place.Place, place.Relative));
            entries.Add((stored, File.ReadAllBytes(read)));
        }
        var note = session.Count == 0 && SessionPlaces.Movable(task.Agent)
            ? $"note: the agent's file of session {sid} is gone and no snapshot holds it: a resume after import goes on in a fresh conversation"
            : null;
        return (session, entries, note);
    }

    /// <summary>Every file under <paramref name="read"/>, named as if under <paramref name="original"/> (a snapshot's copy
    /// of a folder stands for the folder).</summary>
    private static IEnumerable<(string Original, string Read)> FilesUnder(string read, string original) =>
        Directory.Exists(read)
            ? Directory.EnumerateFiles(read, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => (Path.Combine(original, Path.GetRelativePath(read, f)), f))
            : [];

    /// <summary>OpenCode's session comes out of its database with <c>opencode export ID</c> (JSON on stdout).</summary>
    private (List<PortableSession>, List<(string, byte[])>, string?) OpenCode(TaskRecord task, string sid, IReadOnlyDictionary<string, string> env,
        IAgentAdapter adapter)
    {
        var exe = AgentRegistry.FindExecutable(adapter, env) ?? throw new OperationFailedException("opencode is not found with the task's PATH: its session cannot be exported");
        var r = commands.Run(new CommandSpec([exe, "export", sid], TimeSpan.FromSeconds(150))
        {
            Environment = env, WorkingDirectory = Directory.Exists(task.ProjectDir) ? task.ProjectDir : null,
        });
        var start = r.Stdout.IndexOf('{');
        if (!r.Ok || start < 0)
            throw new OperationFailedException($"opencode export {sid} failed ({(r.TimedOut ? "timed out" : $"exit {r.ExitCode}")}): {Printable.Escape(r.Stderr.Trim(), 300)}");
        const string stored = "session/0-opencode-session.json";
        return ([new PortableSession(stored, SessionPlaces.OpenCodeExport, "opencode-session.json")], [(stored, Encoding.UTF8.GetBytes(r.Stdout[start..]))], null);
    }

    /// <summary>The last <see cref="LogTail"/> bytes of the log from a line's start (what a hole freed is skipped).</summary>
    private static byte[]? Tail(string path) => File.Exists(path) ? FileEnd.FromLineStart(path, LogTail, out _).ToArray() : null;
}
