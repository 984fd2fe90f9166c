using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Portable;

/// <summary><c>shepherd import</c>: everything in the archive is checked before anything is written (a bad file, a taken
/// name, a missing project directory store nothing); then the task's files are staged, its row stored with its attempts
/// and checks in one transaction, and the agent's session files put where this machine's agent keeps them (its
/// environment: the importing shell's). The task is stored final — the state it had, or <c>stopped</c> if it was still
/// going — so nothing runs it until <c>shepherd resume</c>, which continues the conversation by the same id.</summary>
public sealed class TaskImport(ShepherdHome home, TaskStore store, ICommandRunner commands, TimeProvider clock)
{
    /// <summary>Variables of an archived environment that say where things are on the machine it came from: the
    /// importing shell's (or none) always stand instead.</summary>
    private static readonly string[] LocalPrefixes = ["HOME", "PWD", "OLDPWD", "PATH", "USER", "LOGNAME", "SHELL", "TMPDIR", "XDG_", "SHEPHERD_",
        "CODEX_HOME", "CLAUDE_CONFIG_DIR", "PI_CODING_AGENT_DIR", "GEMINI_CLI_HOME", "QWEN_HOME", "QWEN_RUNTIME_DIR", "COPILOT_HOME",
        "TMUX", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_", "SSH_"];

    public sealed record Result(TaskRecord Task, IReadOnlyList<string> SessionFiles, string? Note);

    private sealed record Placement(PortableSession Session, string Destination, byte[] Bytes);

    public Result Import(string file, string? dirOption, string? nameOption)
    {
        var full = Path.GetFullPath(file);
        if (Directory.Exists(full)) throw new UsageException($"{Printable.Escape(full)} is a directory, not an export");
        if (!File.Exists(full)) throw new UsageException($"no such file: {Printable.Escape(full)}");
        Dictionary<string, byte[]> entries;
        TaskManifest manifest;
        try
        {
            entries = TaskArchive.Read(full);
            manifest = TaskManifest.FromJson(entries[TaskArchive.ManifestEntry]);
        }
        catch (FormatException e) { throw new UsageException($"{Printable.Escape(full)} is not a shepherd export: {e.Message}"); }
        catch (UnauthorizedAccessException) { throw new UsageException($"cannot read {Printable.Escape(full)}: permission denied"); }

        var name = TaskName.Validate(nameOption ?? manifest.Task.Name);
        var projectDir = ProjectDirectory(dirOption ?? manifest.Task.ProjectDir, dirOption is null);
        if (!entries.TryGetValue("task/prompt", out var prompt)) throw NotAnExport(full, "it has no task/prompt");
        var agentJson = entries.GetValueOrDefault("task/agent.json");
        var adapter = Adapter(manifest.Task.Agent, agentJson, full);
        var env = ImportEnvironment(entries.GetValueOrDefault(TaskArchive.EnvEntry));
        if (AgentRegistry.FindExecutable(adapter, env) is null)
            throw new UsageException($"agent binary missing: {Printable.Quote(adapter.Name)} is not found with this shell's PATH (or set {AgentRegistry.BinaryVariable(adapter.Name)})");
        if (store.FindTask(name) is not null) throw new UsageException($"a task named '{name}' already exists (give --name)");

        var taskDir = home.TaskDir(name);
        var placements = new List<Placement>();
        PortableSession? openCode = null;
        foreach (var s in manifest.Session)
        {
            if (!entries.TryGetValue(s.Stored, out var bytes)) throw NotAnExport(full, $"it lacks {s.Stored}, which task.json names");
            if (s.Place == SessionPlaces.OpenCodeExport) { openCode = s; continue; }
            try
            {
                placements.Add(new Placement(s, SessionPlaces.Destination(s, env, projectDir, taskDir),
                    SessionPlaces.Adapt(s, bytes, manifest.Task.ProjectDir, projectDir)));
            }
            catch (FormatException e) { throw NotAnExport(full, e.Message); }
        }
        var task = Adapt(manifest.Task, name, projectDir, adapter, placements);
        var attempts = manifest.Attempts.Select(a => a with
        {
            AgentSessionId = a.AgentSessionId == manifest.Task.AgentSessionId ? task.AgentSessionId : a.AgentSessionId,
            Detail = a.EndedAt is null ? "it was running when the task was exported" : a.Detail,
        }).ToList();

        var staged = StagedTaskFiles.Write(home, name, prompt, env, agentJson);
        TaskRecord stored;
        try
        {
            foreach (var (entry, bytes) in entries)
                if (entry.StartsWith("task/", StringComparison.Ordinal) && entry is not "task/prompt" and not "task/agent.json")
                    ShepherdHome.WritePrivateFile(Path.Combine(staged, entry["task/".Length..]), bytes);
            ShepherdHome.WritePrivateFile(Path.Combine(staged, Path.GetFileName(home.DoneFile(name))), Encoding.UTF8.GetBytes(task.State.Text() + "\n"));
            stored = store.ImportTask(task, attempts, manifest.Checks);
        }
        catch (Exception)
        {
            StagedTaskFiles.Discard(staged);
            throw;
        }
        var placed = new List<string>();
        try
        {
            if (Directory.Exists(taskDir)) Directory.Delete(taskDir, recursive: true); // left by a crashed rm: no row owns it
            RemovedTaskFiles.Clear(home, store, name);
            Directory.Move(staged, taskDir);
            foreach (var p in placements)
            {
                SessionPlaces.Prepare(p.Session, env, projectDir);
                placed.Add(Place(p));
            }
            if (openCode is not null) ImportOpenCode(stored, entries[openCode.Stored], adapter, env);
        }
        catch (Exception)
        {
            StagedTaskFiles.Discard(staged);
            store.DeleteTask(stored.Id);
            try { Directory.Delete(taskDir, recursive: true); } catch (IOException) { }
            throw;
        }
        if (stored.AgentSessionId is { } sid && placed.Count > 0)
            new SessionSnapshots(home, name, clock).Take(attempts.Count == 0 ? 0 : attempts[^1].Number, sid, placed);
        var note = stored.AgentSessionId is not null && manifest.Session.Count == 0 && adapter is not CustomAdapter
            ? "note: the export holds no session file: a resume goes on in a fresh conversation (a handoff)" : null;
        return new Result(stored, placed, note);
    }

    /// <summary>The task as this machine keeps it: its name, project directory and tmux session; final (nothing runs it
    /// until a resume); Pi's session handle is the task's own <c>pi-session.jsonl</c>.</summary>
    private static TaskRecord Adapt(TaskRecord t, string name, string projectDir, IAgentAdapter adapter, List<Placement> placements)
    {
        var sid = placements.FirstOrDefault(p => p.Session.Place == SessionPlaces.PiSession) is { } pi ? pi.Destination : t.AgentSessionId;
        return t with
        {
            Name = name, ProjectDir = projectDir, TmuxSession = $"{adapter.Name}-{name}", AgentSessionId = sid,
            State = t.State.IsFinal() ? t.State : TaskState.Stopped,
            Reason = t.State.IsFinal() ? t.Reason : $"imported while {t.State.Text()}: `shepherd resume {name}` continues it",
        };
    }

    /// <summary>Writes the agent's file aside and renames it (0600). A file already there that is as long or longer is
    /// the same conversation, further on (an import back to the machine it came from): it is kept.</summary>
    private static string Place(Placement p)
    {
        var dest = p.Destination;
        if (File.Exists(dest) && new FileInfo(dest).Length >= p.Bytes.Length) return dest;
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!, ShepherdHome.PrivateDirMode);
        var aside = Path.Combine(Path.GetDirectoryName(dest)!, $".{Path.GetFileName(dest)}.importing-{Guid.NewGuid():N}");
        using (var f = new FileStream(aside, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ShepherdHome.PrivateFileMode }))
        {
            f.Write(p.Bytes);
            f.Flush(flushToDisk: true);
        }
        File.Move(aside, dest, overwrite: true);
        return dest;
    }

    /// <summary>OpenCode takes its session back into its database with <c>opencode import FILE</c>, run in the project
    /// directory (the session's project) with this machine's environment; it keeps the session's id.</summary>
    private void ImportOpenCode(TaskRecord task, byte[] json, IAgentAdapter adapter, IReadOnlyDictionary<string, string> env)
    {
        var file = Path.Combine(home.TaskDir(task.Name), "opencode-session.json");
        ShepherdHome.WritePrivateFile(file, json);
        var r = commands.Run(new CommandSpec([AgentRegistry.FindExecutable(adapter, env)!, "import", file], TimeSpan.FromSeconds(150))
        {
            Environment = env, WorkingDirectory = task.ProjectDir,
        });
        if (!r.Ok)
            throw new OperationFailedException($"opencode import failed ({(r.TimedOut ? "timed out" : $"exit {r.ExitCode}")}): {Printable.Escape((r.Stderr + r.Stdout).Trim(), 300)}");
    }

    private IAgentAdapter Adapter(string agent, byte[]? agentJson, string file)
    {
        if (AgentRegistry.Names.Contains(agent)) return AgentRegistry.Get(agent);
        if (agentJson is null) throw NotAnExport(file, $"{Printable.Quote(agent)} is not a built-in agent and the export has no task/agent.json");
        try { return new CustomAdapter(CustomAgent.FromJson(agentJson)); }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw NotAnExport(file, $"its task/agent.json cannot be read: {e.Message}");
        }
    }

    /// <summary>This shell's environment; with an archived one (<c>export --with-env</c>), its variables this shell does
    /// not set are added, except those that name places on the machine the task came from.</summary>
    private static Dictionary<string, string> ImportEnvironment(byte[]? archived)
    {
        var env = TaskEnvironment.Current();
        if (archived is null) return env;
        foreach (var (k, v) in TaskEnvironment.Parse(Encoding.UTF8.GetString(archived)))
            if (!env.ContainsKey(k) && !LocalPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))) env[k] = v;
        return env;
    }

    private static string ProjectDirectory(string dir, bool fromArchive)
    {
        var full = Path.GetFullPath(dir);
        if (File.Exists(full)) throw new UsageException($"--dir must be a directory; {Printable.Escape(full)} is a file");
        if (!Directory.Exists(full))
            throw new UsageException($"project directory does not exist: {Printable.Escape(full)}{(fromArchive ? " (the task's own; give --dir)" : "")}");
        var target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? full.TrimEnd('/') is { Length: > 0 } t ? t : "/" : target.FullName;
    }

    private static UsageException NotAnExport(string file, string why) => new($"{Printable.Escape(file)} is not a shepherd export: {why}");
}
