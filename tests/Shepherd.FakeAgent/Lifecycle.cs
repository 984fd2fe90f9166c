using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Shepherd.FakeAgent;

/// <summary>What the chaos harness needs beyond calls.jsonl, in lifecycle.jsonl: when a launch opened its
/// conversation and when it ended (with pid, session id and exit), and whether another live launch already held the
/// task or the conversation. "Live" is a kernel fact: each launch holds an exclusive flock on live.lock (one per task's
/// FAKE_AGENT_STATE) and on sessions/ID.live while it runs; the kernel drops them however the process dies (also kill -9),
/// so a launch that cannot take one has met a second live agent.</summary>
internal static partial class Lifecycle
{
    private const int O_WRONLY = 1, O_CREAT = 0x40, O_APPEND = 0x400, O_RDWR = 2, O_CLOEXEC = 0x80000;
    private const int LOCK_EX = 2, LOCK_NB = 4;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc")]
    private static partial void _exit(int status);

    /// <summary>Writes <paramref name="bytes"/> to stdout with write(2) and ends the process at once (no runtime shutdown).</summary>
    public static unsafe void WriteAndExit(byte[] bytes, int code)
    {
        fixed (byte* p = bytes)
            for (nint done = 0; done < bytes.Length;)
            {
                var n = write(1, p + done, bytes.Length - done);
                if (n <= 0) break;
                done += n;
            }
        _exit(code);
    }

    /// <summary>Takes the task's live lock for the rest of this process; on conflict journals an overlap naming the
    /// holder (the pid it wrote beside the lock: .NET's own file APIs take flocks of their own, so the locked file itself
    /// is never opened through them).</summary>
    public static void HoldLive(string state, int n, string what, string path)
    {
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0x180);
        if (fd < 0) return;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0)
        {
            string holder;
            try { holder = File.ReadAllText(path + ".pid").Trim(); } catch (IOException) { holder = "?"; }
            Append(state, $"{{\"n\":{n},\"event\":\"overlap\",\"what\":\"{J(what)}\",\"pid\":{Environment.ProcessId},\"holder\":\"{J(holder)}\",\"atUs\":{NowUs()}}}");
            return; // the descriptor stays open (leaked on purpose): nothing more to hold
        }
        File.WriteAllText(path + ".pid", Environment.ProcessId.ToString());
    }

    public static void Opened(string state, int n, string session)
    {
        Append(state, $"{{\"n\":{n},\"event\":\"open\",\"pid\":{Environment.ProcessId},\"session\":\"{J(session)}\",\"atUs\":{NowUs()}}}");
        var live = Path.Combine(state, "sessions", SafeName(session) + ".live");
        HoldLive(state, n, "conversation " + session, live);
    }

    public static void Ended(string state, int n, string session, int exit) =>
        Append(state, $"{{\"n\":{n},\"event\":\"end\",\"pid\":{Environment.ProcessId},\"session\":\"{J(session)}\",\"exit\":{exit},\"atUs\":{NowUs()}}}");

    private static void Append(string state, string line) => AppendLine(Path.Combine(state, "lifecycle.jsonl"), line);

    /// <summary>One line in one write(2) on an O_APPEND descriptor: lines of concurrent launches never interleave.</summary>
    public static unsafe void AppendLine(string file, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line.TrimEnd('\n') + "\n");
        var fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0x180);
        if (fd < 0) throw new IOException($"cannot open {file}");
        fixed (byte* p = bytes) write(fd, p, bytes.Length);
        close(fd);
    }

    /// <summary>Holds an exclusive flock on <paramref name="path"/> (waiting for it) until disposed.</summary>
    public static IDisposable Exclusive(string path)
    {
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0x180);
        if (fd < 0) throw new IOException($"cannot open {path}");
        flock(fd, LOCK_EX);
        return new Closer(fd);
    }

    private sealed class Closer(int fd) : IDisposable
    {
        public void Dispose() => close(fd);
    }

    private static string SafeName(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private static long NowUs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    private static string J(string s) => JsonEncodedText.Encode(s).ToString();
}
