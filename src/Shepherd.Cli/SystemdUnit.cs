namespace Shepherd.Cli;

/// <summary>Writes values into a systemd unit so systemd reads them back unchanged: quoted, with <c>\</c> and <c>"</c>
/// escaped, <c>%</c> (a specifier) doubled, and in ExecStart also <c>$</c> (a variable) doubled.</summary>
internal static class SystemdUnit
{
    public static string Environment(string name, string value) => $"Environment=\"{name}={Escape(value)}\"";

    public static string ExecArgument(string value) => "\"" + Escape(value).Replace("$", "$$") + "\"";

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("%", "%%");
}
