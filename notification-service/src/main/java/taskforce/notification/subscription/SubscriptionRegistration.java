package taskforce.notification.subscription;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import taskforce.notification.access.NeedToKnow;
import taskforce.notification.delivery.OutboundDelivery;
import taskforce.notification.delivery.WebhookTargetPolicy;
import taskforce.platform.refusal.Forbidden;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.NotFound;
import taskforce.platform.refusal.RuleRefused;
import taskforce.platform.refusal.Unavailable;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;

/**
 * Creates, lists and removes subscriptions. Secrets leave the service only in the answer to their creation.
 *
 * <p>An agency's administrator or system manages that agency's subscriptions only, the agency taken from the
 * token; a system administrator may read and remove any. Another agency's subscription answers exactly like a
 * missing one, so that ids cannot be probed.
 */
@Service
public class SubscriptionRegistration {

    static final String VERIFICATION_SUBJECT = "Confirm e-mail notifications from the task force case system";

    private final Subscriptions subscriptions;
    private final WebhookTargetPolicy targets;
    private final WebhookSecretCipher secrets;
    private final NeedToKnow needToKnow;
    private final EmailVerifications verifications;
    private final OutboundDelivery mail;
    private final VerificationProperties verification;
    private final Clock clock;
    private final int maxPerAgency;
    private final SecureRandom random = new SecureRandom();

    SubscriptionRegistration(
            Subscriptions subscriptions,
            WebhookTargetPolicy targets,
            WebhookSecretCipher secrets,
            NeedToKnow needToKnow,
            EmailVerifications verifications,
            OutboundDelivery mail,
            VerificationProperties verification,
            @Value("${notification.subscription.max-per-agency:100}") int maxPerAgency,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.maxPerAgency = maxPerAgency;
        this.verifications = verifications;
        this.mail = mail;
        this.verification = verification;
        this.clock = clock;
        this.needToKnow = needToKnow;
        this.targets = targets;
        this.secrets = secrets;
    }

    Subscription subscribe(Caller caller, SubscriptionRequest body) {
        caller.require(Role.AGENCY_ADMIN, Role.AGENCY_SYSTEM);
        SubscriptionRequest request = new SubscriptionRequest(
                Caller.sameAsToken("agencyId", body.agencyId(), caller.agencyId()), body.scope(), body.channel());
        SubscriptionRules.check(request).ifPresent(violation -> {
            throw new InvalidField(violation.field(), violation.field() + " " + violation.message());
        });
        if (request.channel().type() == ChannelType.WEBHOOK) {
            targets.refusal(URI.create(request.channel().url())).ifPresent(reason -> {
                throw new InvalidField("channel.url", "channel.url " + reason);
            });
        }
        SubscriptionScope scope = new SubscriptionScope(
                blankToNull(request.scope().caseId()),
                blankToNull(request.scope().taskForceId()));
        checkNeedToKnow(request.agencyId(), scope, request.channel());
        if (subscriptions.countOfAgency(request.agencyId()) >= maxPerAgency) {
            // counted per agency, so one agency's automation cannot make every event fan out without bound
            throw new RuleRefused(
                    "Too many subscriptions",
                    "agency " + request.agencyId() + " has " + maxPerAgency
                            + " subscriptions already, the most it may have; remove one first",
                    "agencyId");
        }
        Channel channel = request.channel();
        if (channel.type() == ChannelType.WEBHOOK && channel.secret() == null) {
            channel = channel.withSecret(WebhookSecrets.generate(random));
        }
        // an address of the agency's own people is known to be theirs; any other must show that someone reads it
        boolean unverifiedAddress = channel.type() == ChannelType.EMAIL
                && !needToKnow.isDirectoryAddressOf(request.agencyId(), channel.address());
        Subscription subscription = new Subscription(
                UUID.randomUUID().toString(),
                request.agencyId(),
                scope,
                channel,
                unverifiedAddress ? SubscriptionStatus.PENDING_VERIFICATION : SubscriptionStatus.ACTIVE,
                // the store keeps milliseconds: the answer shows the instant later events are compared with
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                null,
                null);
        // stored encrypted; the caller sees the secret in this answer only
        subscriptions.add(subscription.withChannel(channel.withSecret(secrets.encrypt(channel.secret()))));
        if (unverifiedAddress) {
            sendVerificationLink(subscription);
        }
        return subscription;
    }

    /**
     * E-mails the address a link with a random token (kept only hashed, valid for the configured time). Without the
     * e-mail the subscription could never start, so one that cannot be sent is undone and the caller told to retry.
     */
    private void sendVerificationLink(Subscription subscription) {
        Instant expiresAt = clock.instant().plus(verification.ttl());
        String token = verifications.issue(subscription.id(), expiresAt);
        String link =
                verification.baseUrl() + "/api/subscriptions/" + subscription.id() + "/verification?token=" + token;
        String scope = subscription.scope().caseId() != null
                ? "case " + subscription.scope().caseId()
                : "task force " + subscription.scope().taskForceId();
        String text = "Agency " + subscription.agencyId() + " asked that notifications about " + scope
                + " be e-mailed to this address.\n\nIf you expected this, confirm by opening this link before "
                + expiresAt + ":\n\n" + link
                + "\n\nIf you did not, ignore this e-mail: nothing will be sent to you.\n";
        if (!mail.sendNow(subscription.channel().address(), VERIFICATION_SUBJECT, text)) {
            subscriptions.remove(subscription.id());
            verifications.forget(subscription.id());
            throw new Unavailable(
                    "Verification not sent",
                    "the verification e-mail to channel.address could not be sent now; nothing was subscribed, try"
                            + " again later",
                    "channel.address");
        }
    }

    /**
     * Someone who read the e-mail followed its link: the subscription starts receiving. A wrong, used or expired
     * token, or an unknown subscription, all answer alike.
     */
    Subscription verify(String id, String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidField("token", "token is required");
        }
        if (!verifications.take(id, token, clock.instant()) || !subscriptions.activate(id)) {
            throw new NotFound(
                    "Verification not found",
                    "no pending verification matches this token: it is wrong, used or expired",
                    "token");
        }
        return subscriptions.find(id).orElseThrow(() -> NotFound.of("subscription", id));
    }

    /**
     * A task force needs an agreement in force with it; a case must be known here and readable by the agency (an
     * agreement in force with the case's task force), else it answers as missing; an inbox must be one of the
     * agency's own members.
     */
    private void checkNeedToKnow(String agencyId, SubscriptionScope scope, Channel channel) {
        if (scope.taskForceId() != null && !needToKnow.agencyTakesPartIn(agencyId, scope.taskForceId())) {
            throw new Forbidden(
                    "Forbidden",
                    "the agency has no agreement in force with task force " + scope.taskForceId(),
                    "scope.taskForceId");
        }
        if (scope.caseId() != null && !needToKnow.agencyMayReadCase(agencyId, scope.caseId())) {
            throw new NotFound("case not found", "no case with id " + scope.caseId(), "scope.caseId");
        }
        if (channel.type() == ChannelType.INBOX && !needToKnow.memberBelongsTo(channel.memberId(), agencyId)) {
            throw new Forbidden(
                    "Forbidden", "member " + channel.memberId() + " is not a member of the agency", "channel.memberId");
        }
        if (channel.type() == ChannelType.INBOX && !memberMayRead(channel.memberId(), scope)) {
            // like the refusals above: the agency may follow the scope, this member may not read it
            throw new Forbidden(
                    "Forbidden",
                    "member " + channel.memberId() + " is not a member of the task force of the subscribed "
                            + (scope.caseId() != null ? "case" : "task force")
                            + " and may not read its cases",
                    "channel.memberId");
        }
    }

    /** A member reads the cases of the task forces the directory lists them in now. */
    private boolean memberMayRead(String memberId, SubscriptionScope scope) {
        String taskForceId = scope.taskForceId() != null
                ? scope.taskForceId()
                : needToKnow.taskForceOfCase(scope.caseId()).orElse(null);
        return taskForceId != null && needToKnow.memberIsIn(memberId, taskForceId);
    }

    /**
     * The caller's own agency's subscriptions; a filter naming another agency finds nothing. A system
     * administrator sees the named agency's, or all.
     */
    List<Subscription> list(Caller caller, String agencyId) {
        requireManager(caller);
        if (caller.isAdmin()) {
            return agencyId == null || agencyId.isBlank() ? subscriptions.all() : subscriptions.ofAgency(agencyId);
        }
        if (agencyId != null && !agencyId.isBlank() && !caller.belongsTo(agencyId)) {
            return List.of();
        }
        return subscriptions.ofAgency(caller.agencyId());
    }

    Subscription get(Caller caller, String id) {
        requireManager(caller);
        return visible(caller, id);
    }

    void unsubscribe(Caller caller, String id) {
        requireManager(caller);
        visible(caller, id);
        if (!subscriptions.remove(id)) {
            throw NotFound.of("subscription", id);
        }
    }

    /** The subscription if the caller may see it; another agency's answers exactly like a missing one. */
    public Optional<Subscription> visibleTo(Caller caller, String id) {
        return subscriptions.find(id).filter(s -> caller.isAdmin() || caller.belongsTo(s.agencyId()));
    }

    private Subscription visible(Caller caller, String id) {
        return visibleTo(caller, id).orElseThrow(() -> NotFound.of("subscription", id));
    }

    /** Members have no subscriptions of their own to manage: a role question, not an object one, so 403. */
    public static void requireManager(Caller caller) {
        caller.require(Role.AGENCY_ADMIN, Role.AGENCY_SYSTEM, Role.ADMIN);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
