using System.Text;
using Microsoft.Extensions.Time.Testing;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>The runner's output path: the log gets every byte, the pane what it can take, event lines reach the
/// parser, and nothing — a full disk, a slow pane, a parser that throws — stops the pipe from being drained.</summary>
public sealed class OutputSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-output-").FullName;
    private readonly FakeTimeProvider _clock = new();

    private static async Task Pump(byte[] input, TaskOutput output, LineSink sink, bool stderr = false) =>
        await new OutputPump(new MemoryStream(input), output, stderr, sink).RunAsync();

    [Fact]
    public async Task Bytes_reach_pane_and_log_unchanged_and_only_event_lines_reach_the_parser()
    {
        var pane = new MemoryStream();
        var log = Path.Combine(_dir, "output.log");
        var parser = new RecordingParser();
        var input = "first\n{\"type\":\"a\"}\r\n\u001b[31mred\u001b[0m\n{\"type\":\"b\"}";
        using (var output = new TaskOutput(pane, log, _clock))
            await Pump(Encoding.UTF8.GetBytes(input), output, new LineSink(parser, _ => { }, _ => { }, _clock));
        Encoding.UTF8.GetString(pane.ToArray()).ShouldBe(input);
        File.ReadAllText(log).ShouldBe(input);
        parser.Events.ShouldBe(["{\"type\":\"a\"}", "{\"type\":\"b\"}"]);
        File.GetUnixFileMode(log).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Stderr_lines_reach_the_parser_whole_even_when_split_across_reads()
    {
        var parser = new RecordingParser();
        var sink = new LineSink(parser, _ => { }, _ => { }, _clock);
        using var output = new TaskOutput(Stream.Null, Path.Combine(_dir, "output.log"), _clock);
        var pump = new OutputPump(new TrickleStream(Encoding.UTF8.GetBytes("Error: no rollout found\nsecond line\n"), 3), output, true, sink);
        await pump.RunAsync();
        parser.Stderr.ShouldBe(["Error: no rollout found", "second line"]);
    }

    [Fact]
    public void Where_holes_cannot_be_punched_the_log_is_rotated_so_it_never_grows_past_its_limit()
    {
        var log = Path.Combine(_dir, "output.log");
        using (var output = new TaskOutput(Stream.Null, log, _clock, maxLogBytes: 1000, logHoles: false))
            for (var i = 0; i < 100; i++) output.Note(new string((char)('a' + i % 26), 99));
        new FileInfo(log).Length.ShouldBeLessThanOrEqualTo(1000);
        new FileInfo(log + ".1").Length.ShouldBeLessThanOrEqualTo(1000);
        File.ReadAllLines(log).Last().ShouldBe(new string((char)('a' + 99 % 26), 99));
    }

    [Fact]
    public void The_log_keeps_its_length_but_frees_its_start_so_its_disk_use_stays_bounded()
    {
        var log = Path.Combine(_dir, "output.log");
        const int keep = 64 * 1024;
        var line = new string('x', 99);
        using (var output = new TaskOutput(Stream.Null, log, _clock, maxLogBytes: keep))
            for (var i = 0; i < 20_000; i++) output.Note(line);
        File.Exists(log + ".1").ShouldBeFalse();
        var length = new FileInfo(log).Length;
        length.ShouldBe(20_000 * 100);
        var firstData = DirectOutputs.FirstData(log);
        firstData.ShouldBeGreaterThan(length - 2 * keep - Holes.Block);
        firstData.ShouldBeLessThanOrEqualTo(length - keep);
        File.ReadAllLines(log).Last().ShouldBe(line);
    }

    [Fact]
    public async Task An_agent_writing_straight_into_the_log_reaches_pane_and_parser_but_the_runners_own_writes_do_not_reach_the_parser()
    {
        var pane = new MemoryStream();
        var log = Path.Combine(_dir, "output.log");
        var parser = new RecordingParser();
        var sink = new LineSink(parser, _ => { }, _ => { }, _clock);
        using var output = new TaskOutput(pane, log, _clock);
        output.Note("[shepherd] attempt 1: starting");
        var direct = output.BeginDirect(sink, m => throw new InvalidOperationException(m)).ShouldNotBeNull();
        using (var agent = DirectOutputs.AgentStdout(direct))
        {
            agent.Write("{\"type\":\"a\""u8);               // half an event…
            output.Note("{\"type\":\"not-the-agents\"}");  // …a line of the runner's own lands in the middle of it…
            agent.Write("}\nplain text\n{\"type\":\"b\"}\n"u8); // …and the agent finishes its line
        }
        await direct.Finish().WaitAsync(TimeSpan.FromSeconds(10));
        direct.Dispose();
        output.Note("[shepherd] attempt 1 ended");
        output.FlushPane();
        parser.Events.ShouldBe(["{\"type\":\"a\"}", "{\"type\":\"b\"}"]);
        File.ReadAllText(log).ShouldBe("[shepherd] attempt 1: starting\n{\"type\":\"a\"{\"type\":\"not-the-agents\"}\n}\nplain text\n{\"type\":\"b\"}\n[shepherd] attempt 1 ended\n");
        var shown = Encoding.UTF8.GetString(pane.ToArray());
        shown.ShouldStartWith("[shepherd] attempt 1: starting\n");
        shown.ShouldContain("plain text\n{\"type\":\"b\"}\n");
        shown.ShouldContain("{\"type\":\"not-the-agents\"}\n");
        shown.ShouldEndWith("[shepherd] attempt 1 ended\n");
    }

    [Fact]
    public async Task While_an_agent_writes_straight_into_the_log_its_start_is_freed_behind_the_reader()
    {
        var log = Path.Combine(_dir, "output.log");
        const int keep = 64 * 1024;
        var parser = new RecordingParser();
        using var output = new TaskOutput(Stream.Null, log, _clock, maxLogBytes: keep);
        var direct = output.BeginDirect(new LineSink(parser, _ => { }, _ => { }, _clock), m => throw new InvalidOperationException(m)).ShouldNotBeNull();
        var line = Encoding.ASCII.GetBytes(new string('y', 99) + "\n");
        using (var agent = DirectOutputs.AgentStdout(direct))
        {
            for (var i = 0; i < 10_000; i++) agent.Write(line);
            // Without a pause, at most 8 × keep lie unfreed; once the agent pauses, all but keep (rounded to blocks).
            DirectOutputs.FirstData(log).ShouldBeGreaterThan(new FileInfo(log).Length - 9 * keep - ChunkSlack);
            await Sandbox.Until(() => DirectOutputs.FirstData(log) > new FileInfo(log).Length - 2 * keep || Pass(TimeSpan.FromMilliseconds(50)),
                TimeSpan.FromSeconds(10), "the start freed while the agent pauses");
            for (var i = 0; i < 10_000; i++) agent.Write(line);
            agent.Write("{\"type\":\"end\"}\n"u8);
        }
        await direct.Finish().WaitAsync(TimeSpan.FromSeconds(10));
        direct.Dispose(); // the agent is done: what it left is freed
        parser.Events.ShouldBe(["{\"type\":\"end\"}"]);
        DirectOutputs.FirstData(log).ShouldBeGreaterThan(new FileInfo(log).Length - 2 * keep);
        output.Note("[shepherd] attempt 1 ended");
        var length = new FileInfo(log).Length;
        length.ShouldBe(20_000 * 100 + 15 + 27);
        DirectOutputs.FirstData(log).ShouldBeGreaterThan(length - 3 * keep);
        File.ReadAllLines(log).Last().ShouldBe("[shepherd] attempt 1 ended");
    }

    [Fact]
    public void Where_holes_cannot_be_punched_the_agent_writes_through_a_pipe()
    {
        using var output = new TaskOutput(Stream.Null, Path.Combine(_dir, "output.log"), _clock, logHoles: false);
        output.BeginDirect(new LineSink(new RecordingParser(), _ => { }, _ => { }, _clock), _ => { }).ShouldBeNull();
    }

    private const int ChunkSlack = 1024 * 1024; // the tail reads 1 MiB at a time and frees behind what it has read

    [Fact]
    public async Task A_log_that_cannot_be_written_is_reported_once_and_the_pipe_is_still_drained()
    {
        var failures = new List<string>();
        var pane = new MemoryStream();
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n")));
        using (var output = new TaskOutput(pane, "/dev/full", _clock))
        {
            output.LogFailed += failures.Add;
            await Pump(input, output, new LineSink(new RecordingParser(), _ => { }, _ => { }, _clock));
        }
        failures.ShouldHaveSingleItem().ShouldContain("log write failed");
        pane.Length.ShouldBe(input.Length); // everything was read and passed on
    }

    [Fact]
    public async Task A_parser_that_throws_is_reported_once_and_never_stops_the_pump()
    {
        var errors = new List<string>();
        var pane = new MemoryStream();
        var input = Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":2}\nplain\n");
        using (var output = new TaskOutput(pane, Path.Combine(_dir, "output.log"), _clock))
            await Pump(input, output, new LineSink(new RecordingParser { Throw = true }, _ => { }, errors.Add, _clock));
        errors.ShouldHaveSingleItem().ShouldContain("boom");
        pane.Length.ShouldBe(input.Length);
    }

    [Fact]
    public void A_pane_that_falls_behind_drops_what_it_cannot_take_and_says_how_much_in_one_line()
    {
        var pane = new GatedStream();
        var log = Path.Combine(_dir, "output.log");
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        using (var output = new TaskOutput(pane, log, _clock, paneBuffer: 128 * 1024))
        {
            for (var i = 0; i < 64; i++) output.Write(chunk); // 4 MiB while the pane takes nothing
            pane.Open();
            output.FlushPane();
        }
        new FileInfo(log).Length.ShouldBe(64L * chunk.Length);
        var shown = Encoding.UTF8.GetString(pane.Written.ToArray());
        shown.Length.ShouldBeLessThan(64 * chunk.Length);
        var marker = shown.Split("\r\n").Where(l => l.StartsWith("[shepherd]")).ShouldHaveSingleItem();
        marker.ShouldMatch(@"^\[shepherd\] [\d.]+ MB not shown here; shepherd logs has everything$");
    }

    [Fact]
    public async Task A_huge_line_without_newline_is_passed_through_but_not_buffered_for_the_parser()
    {
        var parser = new RecordingParser();
        var huge = new byte[6 * 1024 * 1024];
        Array.Fill(huge, (byte)'{');
        using var output = new TaskOutput(Stream.Null, Path.Combine(_dir, "output.log"), _clock);
        await Pump([.. huge, (byte)'\n', .. "{\"ok\":1}\n"u8.ToArray()], output, new LineSink(parser, _ => { }, _ => { }, _clock));
        parser.Events.ShouldBe(["{\"ok\":1}"]);
    }

    /// <summary>Moves the clock on (always false, to go on waiting).</summary>
    private bool Pass(TimeSpan time)
    {
        _clock.Advance(time);
        return false;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Returns its content a few bytes per read.</summary>
    private sealed class TrickleStream(byte[] content, int step) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));
    }

    /// <summary>A pane that takes nothing until opened: the writer blocks on it, as on a tmux pane that fell behind.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly ManualResetEventSlim _open = new();
        public MemoryStream Written { get; } = new();
        public void Open() => _open.Set();
        public override void Write(byte[] buffer, int offset, int count)
        {
            _open.Wait();
            lock (Written) Written.Write(buffer, offset, count);
        }
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written.Length;
        public override long Position { get => 0; set { } }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
