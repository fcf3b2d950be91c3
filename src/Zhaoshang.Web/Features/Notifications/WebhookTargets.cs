using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Notifications;

/// <summary>
/// Where a webhook may post: a public https address (a 企业微信/钉钉 robot), never this machine, the cloud's metadata
/// service or the internal network, unless the operator lists that host in <c>Notifications:AllowedInternalHosts</c>
/// (an intranet robot gateway). Checked when the admin saves the address and again when each delivery connects,
/// against the address the name resolves to then (a name may be re-pointed after it was saved).
/// </summary>
public sealed class WebhookTargets(IOptions<NotificationOptions> options)
{
    private HashSet<string> AllowList =>
        new((options.Value.AllowedInternalHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);

    public bool IsAllowListed(string host) => AllowList.Contains(host.Trim('[', ']'));

    /// <summary>The address to save, or a validation error naming the url field.</summary>
    public async Task<Uri> CheckAsync(string? text, CancellationToken ct)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || text!.Length > 1000
            || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw DomainException.Invalid("url", "地址须为完整的 http(s) 地址，例如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…");
        }
        if (IsAllowListed(url.IdnHost))
        {
            return url;
        }
        if (url.Scheme != "https")
        {
            throw DomainException.Invalid("url", "机器人地址须使用 https（内网地址须由运维人员列入允许清单）。");
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) ? [literal]
                : url.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) || url.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) ? [IPAddress.Loopback]
                : await Dns.GetHostAddressesAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            addresses = []; // not resolvable from here now: each delivery checks where it connects
        }
        if (addresses.Any(IsInternal))
        {
            throw DomainException.Invalid("url", "不能指向本机、内网或云平台元数据地址（{0}）；内网机器人须由运维人员列入允许清单。", url.Host);
        }
        return url;
    }

    /// <summary>Loopback, link-local (169.254/16 and the metadata service), private, shared (100.64/10), unspecified, multicast.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC; // fc00::/7
        }
        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 or 10 or 127 => true,
            100 => v4[1] >= 64 && v4[1] <= 127,
            169 => v4[1] == 254,
            172 => v4[1] >= 16 && v4[1] <= 31,
            192 => v4[1] == 168 || (v4[1] == 0 && v4[2] == 0),
            198 => v4[1] is 18 or 19,
            >= 224 => true,
            _ => false,
        };
    }

    /// <summary>The sender's connections: to the first address of the host that may be reached, or none.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false, // a redirect could lead inside
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = IsAllowListed(host);
            var target = addresses.FirstOrDefault(a => allowed || !IsInternal(a))
                ?? throw new HttpRequestException($"Webhook host {host} resolves to an internal address and is not allow-listed.");
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
