package taskforce.notification.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a subscription's events go: a webhook {@code url} (signed with {@code secret}), an e-mail {@code address} or a member's inbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Channel(ChannelType type, String url, String secret, String address, String memberId) {

    public Channel withSecret(String newSecret) {
        return new Channel(type, url, newSecret, address, memberId);
    }

    public Channel withoutSecret() {
        return new Channel(type, url, null, address, memberId);
    }
}
