package taskforce.localstack;

import com.mongodb.client.MongoClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import taskforce.infra.CommandRecorder;

/**
 * The scan check on a real MongoDB: replays on it the index declarations the services sent the in-process store,
 * then asks {@code explain} of every read and write filter they sent, and names each whose winning plan is a {@code
 * COLLSCAN}. The planner picks its plan from the indexes, not the data, so empty collections answer as full ones.
 */
final class RealMongoExplain {

    private RealMongoExplain() {}

    static List<String> collectionScans(List<CommandRecorder.Sent> sent, MongoClient mongo) {
        for (CommandRecorder.Sent command : sent) {
            if (command.command().equals("createIndexes") && command.document() != null) {
                mongo.getDatabase(command.database()).runCommand(withoutDriverFields(command.document()));
            }
        }
        Set<String> scans = new LinkedHashSet<>();
        for (CommandRecorder.Sent command : sent) {
            if (command.document() == null || command.command().equals("createIndexes")) {
                continue;
            }
            for (BsonDocument single : singleStatements(command)) {
                BsonDocument plan = mongo.getDatabase(command.database())
                        .runCommand(
                                new BsonDocument("explain", single).append("verbosity", new BsonString("queryPlanner")),
                                BsonDocument.class);
                if (plan.toJson().contains("\"COLLSCAN\"")) {
                    scans.add(command.database() + "." + command.collection() + " " + command.command() + " "
                            + single.toJson());
                }
            }
        }
        return new ArrayList<>(scans);
    }

    /** An update or delete command may carry several statements; explain takes one. */
    private static List<BsonDocument> singleStatements(CommandRecorder.Sent command) {
        BsonDocument doc = withoutDriverFields(command.document());
        String many = switch (command.command()) {
            case "update" -> "updates";
            case "delete" -> "deletes";
            default -> null;
        };
        if (many == null) {
            return List.of(doc);
        }
        List<BsonDocument> singles = new ArrayList<>();
        for (BsonValue statement : doc.getArray(many, new BsonArray())) {
            BsonDocument single = doc.clone();
            single.put(many, new BsonArray(List.of(statement)));
            singles.add(single);
        }
        return singles;
    }

    /** What the driver adds to a command ($db, the session, cluster time) is not the command's to replay. */
    private static BsonDocument withoutDriverFields(BsonDocument command) {
        BsonDocument clean = new BsonDocument();
        command.forEach((key, value) -> {
            if (!key.startsWith("$") && !key.equals("lsid") && !key.equals("txnNumber")) {
                clean.put(key, value);
            }
        });
        return clean;
    }
}
