using System.Text;
using Lanyard.Authorization.Htpasswd;

namespace Lanyard.Configuration.Validation;

/// <summary><c>htpasswd_file</c> (bcrypt entries only) and <c>htpasswd_user_groups</c>, which need it.</summary>
internal static class HtpasswdBinder
{
    public static HtpasswdOptions? Bind(SettingReader read)
    {
        var groups = read.List("htpasswd_user_groups");
        if (read.String("htpasswd_file") is not { Length: > 0 } configured)
        {
            if (groups.Count > 0)
            {
                read.Fail("htpasswd_user_groups", "needs htpasswd_file: the groups are given to its users");
            }

            return null;
        }

        var file = configured.Trim();
        if (read.ReadFile("htpasswd_file", file) is not { } content)
        {
            return null;
        }

        var (users, problems) = HtpasswdUsers.Parse(Encoding.UTF8.GetString(content));
        foreach (var problem in problems)
        {
            read.Fail("htpasswd_file", $"'{file}' {problem}");
        }

        return users is null ? null : new HtpasswdOptions(file, users, groups, read.Bool("prefer_email_to_user", false), read.Bool("display_htpasswd_form", true));
    }
}
