using System.Text.Json;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>Copies of the agent's own session files (its rollout, transcript, session file or directory), taken at each
/// turn end and each attempt's end into the task's directory, so a conversation survives its file being deleted,
/// truncated or restored from an old backup. Each snapshot is a directory <c>snapshots/&lt;seq&gt;-a&lt;attempt&gt;</c>
/// (0700, files 0600) with a manifest of where each file came from, written aside and renamed; the last 3 are kept, and
/// no more than 64 MiB in all.</summary>
public sealed class SessionSnapshots(ShepherdHome home, string taskName, TimeProvider clock)
{
    public const int Kept = 3;
    public const long MaxBytes = 64L * 1024 * 1024;
    private const string Manifest = "manifest.json";

    public sealed record Entry(string Original, string Stored, long Bytes, bool IsDirectory);

    public sealed record Snapshot(string Dir, int Sequence, int Attempt, string SessionId, DateTimeOffset TakenAt, IReadOnlyList<Entry> Entries)
    {
        public long Bytes => Entries.Sum(e => e.Bytes);
    }

    private string Root => Path.Combine(home.TaskDir(taskName), "snapshots");

    /// <summary>The snapshots kept, oldest first.</summary>
    public List<Snapshot> List()
    {
        if (!Directory.Exists(Root)) return [];
        var found = new List<Snapshot>();
        foreach (var dir in Directory.EnumerateDirectories(Root))
            if (Read(dir) is { } s) found.Add(s);
        return [.. found.OrderBy(s => s.Sequence)];
    }

    /// <summary>Copies <paramref name="paths"/> (files or directories that exist), the files of conversation
    /// <paramref name="sessionId"/>, as the snapshot of attempt <paramref name="attempt"/>; null when there was nothing to
    /// copy, or it would not fit in <see cref="MaxBytes"/>.</summary>
    public Snapshot? Take(int attempt, string sessionId, IReadOnlyList<string> paths)
    {
        var existing = paths.Where(p => File.Exists(p) || Directory.Exists(p)).ToList();
        if (existing.Count == 0) return null;
        var size = existing.Sum(SizeOf);
        if (size > MaxBytes) return null;
        var kept = List();
        var sequence = kept.Count == 0 ? 1 : kept[^1].Sequence + 1;
        ShepherdHome.CreatePrivateDir(Root);
        var staging = Path.Combine(Root, $".taking-{Guid.NewGuid():N}");
        try
        {
            ShepherdHome.CreatePrivateDir(staging);
            var entries = new List<Entry>();
            for (var i = 0; i < existing.Count; i++)
            {
                var stored = $"{i}-{Path.GetFileName(Path.TrimEndingDirectorySeparator(existing[i]))}";
                var isDir = Directory.Exists(existing[i]);
                var bytes = isDir ? CopyDirectory(existing[i], Path.Combine(staging, stored)) : CopyFile(existing[i], Path.Combine(staging, stored));
                entries.Add(new Entry(Path.GetFullPath(existing[i]), stored, bytes, isDir));
            }
            var snapshot = new Snapshot(Path.Combine(Root, $"{sequence:D6}-a{attempt}"), sequence, attempt, sessionId, clock.GetUtcNow(), entries);
            ShepherdHome.WritePrivateFile(Path.Combine(staging, Manifest), ToJson(snapshot));
            Directory.Move(staging, snapshot.Dir);
            Prune();
            return snapshot;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            return null;
        }
    }

    /// <summary>Before resuming conversation <paramref name="sessionId"/>: when one of the agent's files its latest
    /// snapshot holds is missing, shorter than the snapshot, or ends in a truncated line, puts the snapshot's copy back
    /// (aside, then renamed; owner-only). Returns the snapshot restored from, or null when nothing needed it.</summary>
    public Snapshot? RestoreIfNeeded(string sessionId)
    {
        foreach (var snapshot in List().AsEnumerable().Reverse())
        {
            if (snapshot.SessionId != sessionId) continue;
            var damaged = snapshot.Entries.Where(e => Damaged(e, snapshot)).ToList();
            if (damaged.Count == 0) return null;
            foreach (var e in damaged) Restore(e, snapshot);
            return snapshot;
        }
        return null;
    }

    /// <summary>The latest snapshot of conversation <paramref name="sessionId"/>, or null.</summary>
    public Snapshot? Latest(string sessionId) => List().LastOrDefault(s => s.SessionId == sessionId);

    /// <summary>Where the snapshot keeps its copy of <paramref name="e"/>.</summary>
    public static string CopyOf(Entry e, Snapshot s) => Path.Combine(s.Dir, e.Stored);

    /// <summary>The agent's file is missing, shorter than its copy in <paramref name="s"/>, or a <c>.jsonl</c> cut mid-line.</summary>
    public static bool Damaged(Entry e, Snapshot s)
    {
        if (e.IsDirectory)
        {
            if (!Directory.Exists(e.Original)) return true;
            var copy = Path.Combine(s.Dir, e.Stored);
            return Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories)
                .Any(f => !File.Exists(Path.Combine(e.Original, Path.GetRelativePath(copy, f))));
        }
        if (!File.Exists(e.Original)) return true;
        var length = new FileInfo(e.Original).Length;
        return length < e.Bytes || (length > 0 && !EndsWithNewline(e.Original) && e.Original.EndsWith(".jsonl", StringComparison.Ordinal));
    }

    private static void Restore(Entry e, Snapshot s)
    {
        var copy = Path.Combine(s.Dir, e.Stored);
        var parent = Path.GetDirectoryName(e.Original)!;
        Directory.CreateDirectory(parent);
        var aside = Path.Combine(parent, $".{Path.GetFileName(e.Original)}.restoring-{Guid.NewGuid():N}");
        if (e.IsDirectory)
        {
            CopyDirectory(copy, aside);
            if (Directory.Exists(e.Original)) Directory.Delete(e.Original, recursive: true);
            Directory.Move(aside, e.Original);
        }
        else
        {
            CopyFile(copy, aside);
            File.Move(aside, e.Original, overwrite: true);
        }
    }

    private void Prune()
    {
        var all = List();
        while (all.Count > Kept || (all.Count > 1 && all.Sum(s => s.Bytes) > MaxBytes))
        {
            TryDelete(all[0].Dir);
            all.RemoveAt(0);
        }
    }

    private static long SizeOf(string path) => Directory.Exists(path)
        ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
        : new FileInfo(path).Length;

    private static long CopyFile(string from, string to)
    {
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var target = new FileStream(to, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ShepherdHome.PrivateFileMode,
        });
        source.CopyTo(target);
        target.Flush(flushToDisk: true);
        return target.Length;
    }

    private static long CopyDirectory(string from, string to)
    {
        ShepherdHome.CreatePrivateDir(to);
        long bytes = 0;
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            ShepherdHome.CreatePrivateDir(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            bytes += CopyFile(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        return bytes;
    }

    private static bool EndsWithNewline(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (f.Length == 0) return true;
        f.Seek(-1, SeekOrigin.End);
        return f.ReadByte() == '\n';
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static byte[] ToJson(Snapshot s)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("sequence", s.Sequence);
            w.WriteNumber("attempt", s.Attempt);
            w.WriteString("sessionId", s.SessionId);
            w.WriteString("takenAt", s.TakenAt);
            w.WriteStartArray("entries");
            foreach (var e in s.Entries)
            {
                w.WriteStartObject();
                w.WriteString("original", e.Original);
                w.WriteString("stored", e.Stored);
                w.WriteNumber("bytes", e.Bytes);
                w.WriteBoolean("directory", e.IsDirectory);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static Snapshot? Read(string dir)
    {
        var file = Path.Combine(dir, Manifest);
        if (Path.GetFileName(dir).StartsWith('.') || !File.Exists(file)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var r = doc.RootElement;
            var entries = r.GetProperty("entries").EnumerateArray().Select(e => new Entry(e.GetProperty("original").GetString()!,
                e.GetProperty("stored").GetString()!, e.GetProperty("bytes").GetInt64(), e.GetProperty("directory").GetBoolean())).ToList();
            return new Snapshot(dir, r.GetProperty("sequence").GetInt32(), r.GetProperty("attempt").GetInt32(),
                r.GetProperty("sessionId").GetString()!, r.GetProperty("takenAt").GetDateTimeOffset(), entries);
        }
        catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException or InvalidOperationException or FormatException) { return null; }
    }
}
