// SPDX-License-Identifier: Apache-2.0
package org.libeid.samples;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.libeid.Claim;
import org.libeid.DocType;
import org.libeid.EidException;
import org.libeid.Language;
import org.libeid.ReplayStore;
import org.libeid.Request;
import org.libeid.Status;
import org.libeid.VerificationResult;
import org.libeid.Verifier;

/**
 * eid-verifier-java: a relying party's scanner on the JVM, the Java twin of
 * samples/eid-verifier.c's `verify` command. It decodes the QR code of a PNG
 * with ZXing (the decoder Android scanner apps are built on), verifies the
 * "EID1:" text through org.libeid and prints the claims. Exit 0 valid, 1 not
 * valid, 2 a usage or input error (one line on stderr).
 */
public final class EidVerifierJava {
    static final int EXIT_OK = 0;
    static final int EXIT_NO = 1;
    static final int EXIT_USAGE = 2;
    static final String PROG = "eid-verifier-java";
    static final String USAGE = PROG + " --trust TRUST [--roots ROOTS] [--status LIST...] [--state FILE] [--json]"
            + " verify TEXT | --image FILE.png | --text-file FILE [--request STATE]\n"
            + "  verifies a presentation; exit 0 valid, 1 not valid, 2 usage or input error.\n"
            + "  Without --roots the root keys are read from the file 'roots' beside the trust list.\n"
            + "  --state FILE (default eid-verifier.state beside the trust list) is read for the highest\n"
            + "  trust-list sequence seen, as eid-verifier keeps it; this sample does not update it.\n"
            + "  --request STATE (made by eid-verifier request) verifies an answer to that request and\n"
            + "  marks the request answered.";

    private EidVerifierJava() {}

    /** A usage or input error: exit 2 with one line on stderr. */
    static final class Usage extends Exception {
        private static final long serialVersionUID = 1L;

        Usage(String m) {
            super(m);
        }
    }

    public static void main(String[] args) {
        int rc;
        try {
            rc = run(args);
        } catch (Usage u) {
            System.err.println(PROG + ": " + u.getMessage());
            rc = EXIT_USAGE;
        } catch (EidException e) {
            System.err.println(PROG + ": " + e.getMessage());
            rc = EXIT_USAGE;
        }
        System.out.flush();
        System.exit(rc);
    }

    static int run(String[] args) throws Usage {
        if (args.length >= 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("usage: " + USAGE);
            return EXIT_OK;
        }
        String trust = null, roots = null, state = null, image = null, textFile = null, request = null, text = null;
        boolean json = false, verify = false;
        List<String> status = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "verify": verify = true; break;
                case "--json": json = true; break;
                case "--trust": trust = value(args, ++i, a); break;
                case "--roots": roots = value(args, ++i, a); break;
                case "--state": state = value(args, ++i, a); break;
                case "--image": image = value(args, ++i, a); break;
                case "--text-file": textFile = value(args, ++i, a); break;
                case "--request": request = value(args, ++i, a); break;
                case "--status":
                    while (i + 1 < args.length && !args[i + 1].startsWith("--") && !args[i + 1].equals("verify")) {
                        status.add(args[++i]);
                    }
                    if (status.isEmpty()) {
                        throw new Usage("--status takes at least one file");
                    }
                    break;
                default:
                    if (a.startsWith("--") || !verify || text != null) {
                        throw new Usage("unexpected argument '" + a + "' (see " + PROG + " --help)");
                    }
                    text = a;
            }
        }
        if (!verify) {
            throw new Usage("no command: this sample has verify only (see " + PROG + " --help)");
        }
        if (trust == null) {
            throw new Usage("missing --trust");
        }
        if ((image != null ? 1 : 0) + (textFile != null ? 1 : 0) + (text != null ? 1 : 0) != 1) {
            throw new Usage("verify takes one of TEXT, --image FILE.png, --text-file FILE (see " + PROG + " --help)");
        }
        if (image != null) {
            text = scanPng(Paths.get(image));
        } else if (textFile != null) {
            text = dropLineTerminator(new String(read(Paths.get(textFile)), StandardCharsets.UTF_8));
        }
        Path trustPath = Paths.get(trust);
        Path rootsPath;
        if (roots == null) {
            rootsPath = beside(trustPath, "roots");
            System.err.println(PROG + ": pinned roots read from " + rootsPath
                    + ", beside the trust list (pass --roots to pin your own)");
        } else {
            rootsPath = Paths.get(roots);
        }
        byte[] rootKeys = read(rootsPath);
        if (rootKeys.length == 0 || rootKeys.length % 32 != 0) {
            throw new Usage(rootsPath + " does not hold root public keys (a multiple of 32 bytes)");
        }
        Path statePath = state != null ? Paths.get(state) : beside(trustPath, "eid-verifier.state");
        long minTrust = 0;
        if (Files.exists(statePath)) {
            Matcher m = Pattern.compile("\"trust_sequence\"\\s*:\\s*(\\d+)").matcher(
                    new String(read(statePath), StandardCharsets.UTF_8));
            if (m.find()) {
                minTrust = Long.parseLong(m.group(1));
            }
        }
        String requestJson = null;
        String rpId = null;
        String requestText = null;
        if (request != null) {
            requestJson = new String(read(Paths.get(request)), StandardCharsets.UTF_8);
            requestText = jsonString(requestJson, "request");
            rpId = jsonString(requestJson, "rp_id");
            if (requestText == null || rpId == null) {
                throw new Usage(request + " is not a request state file (eid-verifier request makes one)");
            }
            if (Pattern.compile("\"answered\"\\s*:\\s*true").matcher(requestJson).find()) {
                System.err.println(PROG + ": the request in " + request
                        + " was already answered: a second answer is a replay");
                return EXIT_NO;
            }
        }
        long now = System.currentTimeMillis() / 1000;
        Verifier.Builder b = Verifier.builder().trustList(read(trustPath)).rpId(rpId).minTrustSequence(minTrust);
        for (int k = 0; k < rootKeys.length; k += 32) {
            b.root(java.util.Arrays.copyOfRange(rootKeys, k, k + 32));
        }
        for (String s : status) {
            b.revocationList(read(Paths.get(s)));
        }
        try (ReplayStore store = ReplayStore.inMemory(0)) {
            b.replayStore(store);
            Verifier v;
            try {
                v = b.build();
            } catch (EidException e) {
                if (e.status() == Status.UNTRUSTED_LIST) {
                    System.err.println(PROG + ": " + trust + " is not signed by the pinned roots: not trusted");
                    return EXIT_NO;
                }
                if (e.status() == Status.LIST_ROLLBACK) {
                    System.err.println(PROG + ": " + trust + " is older than a list seen before: refused as a rollback");
                    return EXIT_NO;
                }
                throw new Usage("loading the trust and revocation lists: " + e.getMessage());
            }
            try (Verifier verifier = v) {
                if (requestText != null) {
                    try {
                        verifier.openRequest(Request.fromText(requestText), now);
                    } catch (EidException e) {
                        if (e.status() == Status.REQUEST_EXPIRED) {
                            System.err.println(PROG + ": the request in " + request + " has expired: make a new one");
                            return EXIT_NO;
                        }
                        throw new Usage(request + ": " + e.getMessage());
                    }
                }
                VerificationResult r = verifier.verify(text, now);
                if (r.valid() && requestJson != null) {
                    String answered = requestJson.replaceFirst("\"answered\"(\\s*):(\\s*)false", "\"answered\"$1:$2true");
                    write(Paths.get(request), answered);
                }
                report(r, json);
                return r.valid() ? EXIT_OK : EXIT_NO;
            }
        }
    }

    // ---- reading a QR image with ZXing ----------------------------------------------------------------

    static String scanPng(Path path) throws Usage {
        if (!Files.exists(path)) {
            throw new Usage("cannot read " + path + ": no such file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new Usage(path + ": cannot read the image: " + e.getMessage());
        }
        if (img == null) {
            throw new Usage(path + " is not a PNG image");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        LuminanceSource source = new RGBLuminanceSource(w, h, img.getRGB(0, 0, w, h, null, 0, w));
        // As scanner apps do: the hybrid binarizer first, then the global one, then the image taken as
        // nothing but the code (a screenshot or a rendered PNG), each with ZXing's harder search.
        for (int attempt = 0; attempt < 3; attempt++) {
            BinaryBitmap bitmap = new BinaryBitmap(attempt == 1 ? new GlobalHistogramBinarizer(source)
                    : new HybridBinarizer(source));
            Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
            hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
            hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
            if (attempt == 2) {
                hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
            }
            try {
                Result result = new QRCodeReader().decode(bitmap, hints);
                return result.getText();
            } catch (ReaderException e) {
                // the next attempt
            }
        }
        throw new Usage("no QR code found in " + path);
    }

    // ---- output ---------------------------------------------------------------------------------------

    static void report(VerificationResult r, boolean json) {
        DocType t = r.docType();
        String type = t != null ? t.wireName() : "";
        StringBuilder claims = new StringBuilder();
        StringBuilder out = new StringBuilder();
        if (!json) {
            if (r.valid()) {
                out.append("VALID: ").append(type).append(" (").append(t.title(Language.VI)).append("), issued by ")
                        .append(r.issuerName()).append(" (").append(r.issuerId()).append("), ")
                        .append(r.challenged() ? "answering our request" : "offline presentation").append('\n');
            } else {
                Status s = r.status();
                out.append("NOT VALID: ").append(s != null ? s.describe() : "unknown status").append(" (")
                        .append(s != null ? s.cName() : Integer.toString(r.statusValue())).append(")\n");
            }
        }
        for (Claim c : r.claims()) {
            String name = c.name();
            String value = format(c);
            if (claims.length() > 0) {
                claims.append(',');
            }
            claims.append(quote(name)).append(':').append(quote(value));
            if (!json) {
                out.append(String.format("  %-24s %s  (%s)%n", name, value, t.claimLabel(c.number(), Language.VI)));
            }
        }
        StringBuilder failures = new StringBuilder();
        for (VerificationResult.CheckResult f : r.failures()) {
            if (failures.length() > 0) {
                failures.append(',');
            }
            String status = f.status != null ? f.status.cName() : "EID_ERR_UNKNOWN";
            failures.append("{\"check\":").append(quote(f.check.cName())).append(",\"status\":").append(quote(status))
                    .append(",\"detail\":").append(quote(f.detail)).append('}');
            if (!json) {
                out.append("  failed check ").append(f.check.cName()).append(": ").append(f.detail).append(" (")
                        .append(status).append(")\n");
            }
        }
        if (json) {
            Status s = r.status();
            out.append("{\"valid\":").append(r.valid()).append(",\"status\":")
                    .append(quote(s != null ? s.cName() : "EID_ERR_UNKNOWN")).append(",\"doc_type\":").append(quote(type))
                    .append(",\"issuer\":").append(quote(r.issuerId())).append(",\"issuer_name\":")
                    .append(quote(r.issuerName())).append(",\"challenged\":").append(r.challenged())
                    .append(",\"claims\":{").append(claims).append("},\"failures\":[").append(failures).append("]}\n");
        }
        System.out.print(out);
    }

    static String format(Claim c) {
        switch (c.type()) {
            case TEXT: return c.text();
            case DATE: return c.date().toString();
            case BOOLEAN: return c.bool() ? "yes" : "no";
            case INTEGER: return Long.toString(c.integer());
            case ENUM: return "code " + c.enumCode();
            case BYTES: return "(" + c.bytes().length + " bytes)";
            default:
                StringBuilder b = new StringBuilder();
                for (Claim.ListEntry e : c.list()) {
                    if (b.length() > 0) {
                        b.append("; ");
                    }
                    b.append(e.text != null ? e.text : "code " + e.code).append(": ").append(e.first).append(" – ")
                            .append(e.last != null ? e.last.toString() : "no expiry");
                }
                return b.toString();
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    // ---- files ----------------------------------------------------------------------------------------

    static String value(String[] args, int i, String name) throws Usage {
        if (i >= args.length) {
            throw new Usage(name + " needs a value");
        }
        return args[i];
    }

    static Path beside(Path file, String name) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Paths.get(name) : parent.resolve(name);
    }

    static byte[] read(Path p) throws Usage {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new Usage("cannot read " + p + ": no such file");
        } catch (IOException e) {
            throw new Usage("cannot read " + p + ": " + e.getMessage());
        }
    }

    static void write(Path p, String s) throws Usage {
        try {
            Files.write(p, s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Usage("cannot write " + p + ": " + e.getMessage());
        }
    }

    /** A text file may end with one line break ("\n" or "\r\n"), nothing else is stripped. */
    static String dropLineTerminator(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** A top-level string member of a small JSON object as eid-verifier writes it. */
    static String jsonString(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }
}
