using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary>A prompt given as <c>--prompt TEXT</c> or <c>--prompt-file FILE</c> (<c>-</c>: stdin), with the checks and
/// messages that <c>start</c> and <c>resume</c> share.</summary>
internal static class PromptInput
{
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <param name="stdinWhenNone">With neither option, read stdin when it is not a terminal (<c>start</c>); otherwise
    /// there is no prompt (null).</param>
    public static byte[]? Read(string? prompt, string? file, bool stdinWhenNone)
    {
        if (prompt is not null && file is not null) throw new UsageException("give the prompt once: --prompt or --prompt-file, not both");
        byte[] bytes;
        if (prompt is not null) bytes = System.Text.Encoding.UTF8.GetBytes(prompt);
        else if (file == "-") bytes = ReadStdin();
        else if (file is not null)
        {
            if (Directory.Exists(file)) throw new UsageException($"--prompt-file must be a file; {Printable.Escape(file)} is a directory");
            if (!File.Exists(file)) throw new UsageException($"prompt file does not exist: {Printable.Escape(file)}");
            try
            {
                using var stream = File.OpenRead(file);
                bytes = ReadAtMostLimit(stream);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read the prompt file {Printable.Escape(file)}: {e.Message}");
            }
        }
        else if (!stdinWhenNone) return null;
        else if (Console.IsInputRedirected) bytes = ReadStdin();
        else throw new UsageException("no prompt: give --prompt, --prompt-file, or pipe it on stdin");
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r'))
            throw new UsageException("the prompt is empty");
        if (bytes.Length > MaxBytes) throw new UsageException($"the prompt is larger than {MaxBytes / 1024 / 1024} MiB");
        return bytes;
    }

    private static byte[] ReadStdin()
    {
        using var stdin = Console.OpenStandardInput();
        return ReadAtMostLimit(stdin);
    }

    /// <summary>Up to one byte past the limit: enough to tell it is too large without reading a huge file or an
    /// endless pipe to its end.</summary>
    private static byte[] ReadAtMostLimit(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while (buffer.Length <= MaxBytes && (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxBytes + 1 - buffer.Length))) > 0)
            buffer.Write(chunk, 0, n);
        return buffer.ToArray();
    }
}
