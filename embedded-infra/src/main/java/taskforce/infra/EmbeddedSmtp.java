package taskforce.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** A real SMTP server (GreenMail) that keeps what it receives, with IMAP to read it. */
public final class EmbeddedSmtp implements AutoCloseable {

    private final GreenMail greenMail;
    private final int smtpPort;
    private final int imapPort;

    private EmbeddedSmtp(GreenMail greenMail, int smtpPort, int imapPort) {
        this.greenMail = greenMail;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /** {@code smtpPort} 0 picks free ports for SMTP and IMAP. */
    public static EmbeddedSmtp start(int smtpPort, int imapPort) {
        int smtp = smtpPort > 0 ? smtpPort : FreePorts.next();
        int imap = imapPort > 0 ? imapPort : FreePorts.next();
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
        });
        greenMail.start();
        return new EmbeddedSmtp(greenMail, smtp, imap);
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
