using System.Text;
using Shepherd.Runner;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>The runner's output path: pane and log get the same bytes, lines reach the parser, the log is bounded.</summary>
public sealed class OutputSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-output-").FullName;

    [Fact]
    public async Task Bytes_reach_pane_and_log_unchanged_and_complete_lines_reach_the_parser()
    {
        var pane = new MemoryStream();
        var log = Path.Combine(_dir, "output.log");
        var lines = new List<string>();
        var input = "first\n\u001b[31mred\u001b[0m\r\nno newline at the end";
        using (var sinks = new OutputSinks(pane, log))
            await new OutputPump(new MemoryStream(Encoding.UTF8.GetBytes(input)), sinks, false, (l, _) => lines.Add(l)).RunAsync();
        Encoding.UTF8.GetString(pane.ToArray()).ShouldBe(input);
        File.ReadAllText(log).ShouldBe(input);
        lines.ShouldBe(["first", "\u001b[31mred\u001b[0m", "no newline at the end"]);
        File.GetUnixFileMode(log).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void The_log_is_rotated_so_it_never_grows_past_its_limit()
    {
        var log = Path.Combine(_dir, "output.log");
        using (var sinks = new OutputSinks(Stream.Null, log, maxLogBytes: 1000))
            for (var i = 0; i < 100; i++) sinks.WriteLine(new string((char)('a' + i % 26), 99));
        new FileInfo(log).Length.ShouldBeLessThanOrEqualTo(1000);
        new FileInfo(log + ".1").Length.ShouldBeLessThanOrEqualTo(1000);
        File.ReadAllLines(log).Last().ShouldBe(new string((char)('a' + 99 % 26), 99));
        File.GetUnixFileMode(log).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task A_huge_line_without_newline_is_passed_through_but_not_buffered_for_the_parser()
    {
        var lines = new List<string>();
        var huge = new byte[6 * 1024 * 1024];
        Array.Fill(huge, (byte)'x');
        using var sinks = new OutputSinks(Stream.Null, Path.Combine(_dir, "output.log"));
        await new OutputPump(new MemoryStream([.. huge, (byte)'\n', (byte)'o', (byte)'k', (byte)'\n']), sinks, false, (l, _) => lines.Add(l)).RunAsync();
        lines.ShouldBe(["ok"]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
