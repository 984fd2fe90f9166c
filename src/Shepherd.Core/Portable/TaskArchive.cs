using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Shepherd.Store;

namespace Shepherd.Portable;

/// <summary>The export file: a gzipped tar of regular files, <c>task.json</c> first, then <c>task/…</c> (the task's own
/// files), <c>session/…</c> (the agent's session files) and, with <c>--with-env</c>, <c>env</c>. Written aside and renamed,
/// 0600; read whole into memory, refusing any other entry (a link, a path out of these folders) and more than
/// <see cref="MaxBytes"/>.</summary>
public static partial class TaskArchive
{
    public const string ManifestEntry = "task.json";
    public const string EnvEntry = "env";
    public const long MaxBytes = 512L * 1024 * 1024;

    [GeneratedRegex(@"^(task\.json|env|(task|session)/[A-Za-z0-9_][A-Za-z0-9._-]{0,200})$")]
    private static partial Regex EntryName();

    public static void Write(string path, IReadOnlyList<(string Name, byte[] Bytes)> entries)
    {
        var full = Path.GetFullPath(path);
        var aside = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(aside, new FileStreamOptions
                   { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ShepherdHome.PrivateFileMode }))
            {
                using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
                using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (var (name, bytes) in entries)
                    {
                        if (!EntryName().IsMatch(name)) throw new ArgumentException($"bad archive entry name {name}");
                        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                        {
                            Mode = ShepherdHome.PrivateFileMode, ModificationTime = DateTimeOffset.UnixEpoch,
                            DataStream = new MemoryStream(bytes, writable: false),
                        };
                        tar.WriteEntry(entry);
                    }
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(aside, full, overwrite: false);
        }
        finally
        {
            try { File.Delete(aside); } catch (IOException) { }
        }
    }

    /// <summary>Every entry's bytes by name; a FormatException says why the file is not an export.</summary>
    public static Dictionary<string, byte[]> Read(string path)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    throw new FormatException($"it holds {entry.Name}, which is not a regular file");
                if (!EntryName().IsMatch(entry.Name) || entries.ContainsKey(entry.Name))
                    throw new FormatException($"it holds an unexpected entry {Tasks.Printable.Quote(entry.Name)}");
                total += entry.Length;
                if (total > MaxBytes) throw new FormatException($"it is larger than {MaxBytes / (1024 * 1024)} MiB");
                using var bytes = new MemoryStream();
                entry.DataStream?.CopyTo(bytes);
                entries[entry.Name] = bytes.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException or ArgumentException)
        {
            throw new FormatException($"it cannot be read ({e.Message.TrimEnd('.')})");
        }
        if (!entries.ContainsKey(ManifestEntry)) throw new FormatException($"it has no {ManifestEntry}");
        return entries;
    }
}
