package taskforce.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.infra.TestStore;

class BucketedIndexTest {

    private static final String DATABASE = "platform-bucketed-index";
    private static TestStore store;
    private static MongoTemplate mongo;

    @BeforeAll
    static void freshStore() {
        store = TestStore.connect();
        mongo = store.fresh(DATABASE);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Nested
    class AKeySharedByThousandsOfCases {

        @Test
        void isReadWholeAndInOrderWhileNoDocumentHoldsMoreThanABucket() {
            BucketedIndex index = new BucketedIndex(mongo, "common_identifier", "caseIds");
            List<String> caseIds = new ArrayList<>();
            for (int i = 0; i < 3 * BucketedIndex.BUCKET_SIZE + 17; i++) {
                caseIds.add("case-" + i);
                assertThat(index.add("PHONE|+17135550100", "case-" + i)).isTrue();
            }
            assertThat(index.add("PHONE|+17135550100", "case-" + (caseIds.size() - 1)))
                    .as("a value already in the last bucket")
                    .isFalse();

            assertThat(index.read("PHONE|+17135550100", String.class)).containsExactlyElementsOf(caseIds);
            List<Integer> sizes = new ArrayList<>();
            mongo.getCollection("common_identifier")
                    .find()
                    .forEach(d -> sizes.add(
                            d.getList("caseIds", String.class, List.of()).size()));
            assertThat(sizes).hasSize(5).allMatch(size -> size <= BucketedIndex.BUCKET_SIZE);
        }
    }

    @Nested
    class ALogOfIds {

        @Test
        void isPagedNewestFirstAcrossABucketBoundaryWithItsTotal() {
            BucketedIndex index = new BucketedIndex(mongo, "delivery_log", "ids");
            int filed = 2 * BucketedIndex.BUCKET_SIZE + 10;
            for (int i = 0; i < filed; i++) {
                index.add("subscription-1", "delivery-" + i);
            }

            // positions 509 down to 490: the page starts in the second bucket and ends in the first
            BucketedIndex.Page<String> spanning =
                    index.page("subscription-1", filed - 1 - (BucketedIndex.BUCKET_SIZE + 9), 20, String.class);

            assertThat(index.knows("subscription-1")).isTrue();
            assertThat(spanning.total()).isEqualTo(filed);
            List<String> expected = new ArrayList<>();
            for (int i = BucketedIndex.BUCKET_SIZE + 9; i > BucketedIndex.BUCKET_SIZE - 11; i--) {
                expected.add("delivery-" + i);
            }
            assertThat(spanning.values()).containsExactlyElementsOf(expected);
            assertThat(index.page("subscription-1", 0, 3, String.class).values())
                    .containsExactly("delivery-" + (filed - 1), "delivery-" + (filed - 2), "delivery-" + (filed - 3));
            assertThat(index.page("subscription-1", filed - 2, 5, String.class).values())
                    .as("the last page holds what is left")
                    .containsExactly("delivery-1", "delivery-0");
            assertThat(index.page("subscription-1", filed, 5, String.class).values())
                    .isEmpty();
        }

        @Test
        void knowsNothingOfAKeyNeverFiled() {
            BucketedIndex index = new BucketedIndex(mongo, "delivery_log", "ids");

            assertThat(index.knows("subscription-never")).isFalse();
            assertThat(index.page("subscription-never", 0, 10, String.class))
                    .isEqualTo(new BucketedIndex.Page<String>(List.of(), 0));
        }
    }

    @Nested
    class AnEntryFromBeforeBuckets {

        @Test
        void isStillReadWithTheValuesFiledSince() {
            mongo.getCollection("old_identifier")
                    .insertOne(new Document("_id", "PHONE|+1").append("caseIds", List.of("old-1", "old-2")));
            BucketedIndex index = new BucketedIndex(mongo, "old_identifier", "caseIds");
            index.add("PHONE|+1", "new-1");

            assertThat(index.read("PHONE|+1", String.class)).containsExactly("old-1", "old-2", "new-1");
        }
    }

    @Nested
    class Removing {

        @Test
        void takesAValueOutOfWhicheverBucketOrHeadHoldsItAndLeavesTheRest() {
            mongo.getCollection("moving_person")
                    .insertOne(new Document("_id", "name|1").append("subjects", List.of("in-head", "kept-in-head")));
            BucketedIndex index = new BucketedIndex(mongo, "moving_person", "subjects");
            for (int i = 0; i < BucketedIndex.BUCKET_SIZE + 3; i++) {
                index.add("name|1", "value-" + i);
            }

            index.remove("name|1", "in-head");
            index.remove("name|1", "value-7");
            index.remove("name|1", "value-" + (BucketedIndex.BUCKET_SIZE + 1));
            index.remove("no-such-key", "value-1");

            List<String> left = index.read("name|1", String.class);
            assertThat(left)
                    .doesNotContain("in-head", "value-7", "value-" + (BucketedIndex.BUCKET_SIZE + 1))
                    .contains("kept-in-head", "value-0", "value-" + (BucketedIndex.BUCKET_SIZE + 2))
                    .hasSize(BucketedIndex.BUCKET_SIZE + 3 + 2 - 3);
        }
    }

    @Nested
    class ManyKeysAtOnce {

        @Test
        void readsEveryValueOfEveryKeyFoundOnceWhateverTheBucketsAndLegacyHeads() {
            mongo.getCollection("search_identifier")
                    .insertOne(new Document("_id", "legacy").append("caseIds", List.of("old-1")));
            BucketedIndex index = new BucketedIndex(mongo, "search_identifier", "caseIds");
            List<String> common = new ArrayList<>();
            for (int i = 0; i < BucketedIndex.BUCKET_SIZE + 3; i++) {
                common.add("common-" + i);
                index.add("common", "common-" + i);
            }
            index.add("rare", "rare-1");
            index.add("rare", "common-0");
            index.add("unasked", "unasked-1");

            assertThat(index.readAll(List.of("common", "rare", "legacy", "missing"), String.class))
                    .hasSize(common.size() + 2)
                    .containsAll(common)
                    .contains("rare-1", "old-1")
                    .doesNotContain("unasked-1");
            assertThat(index.readAll(List.of(), String.class)).isEmpty();
        }
    }

    @Nested
    class FilingWhereAReadLeftOff {

        @Test
        void startsAtTheLastBucketARead() {
            BucketedIndex index = new BucketedIndex(mongo, "hinted_identifier", "caseIds");
            java.util.Map<String, Long> heads = new java.util.HashMap<>();
            assertThat(index.read("fresh", String.class, heads)).isEmpty();
            assertThat(heads).containsEntry("fresh", BucketedIndex.NO_HEAD);
            assertThat(index.add("fresh", "case-1", heads.get("fresh"))).isTrue();
            assertThat(index.read("fresh", String.class, heads)).containsExactly("case-1");
            assertThat(heads).containsEntry("fresh", 0L);
        }

        @Test
        void walksUpFromAStaleLastBucketToTheOneWithRoomAndKeepsEveryBucketWithinItsSize() {
            BucketedIndex index = new BucketedIndex(mongo, "stale_identifier", "caseIds");
            List<String> filed = new ArrayList<>();
            for (int i = 0; i < 2 * BucketedIndex.BUCKET_SIZE + 5; i++) {
                filed.add("case-" + i);
                index.add("busy", "case-" + i);
            }

            // as a read from before the second and third buckets opened left it, and one from before any head
            assertThat(index.add("busy", "late-1", 0)).isTrue();
            assertThat(index.add("busy", "late-2", BucketedIndex.NO_HEAD)).isTrue();
            assertThat(index.add("busy", "late-2", 1))
                    .as("already in the last bucket")
                    .isFalse();

            filed.add("late-1");
            filed.add("late-2");
            assertThat(index.read("busy", String.class)).containsExactlyElementsOf(filed);
            List<Integer> sizes = new ArrayList<>();
            mongo.getCollection("stale_identifier")
                    .find()
                    .forEach(d -> sizes.add(
                            d.getList("caseIds", String.class, List.of()).size()));
            assertThat(sizes).allMatch(size -> size <= BucketedIndex.BUCKET_SIZE);
        }
    }

    @Nested
    class FilingAndReadingBack {

        @Test
        void answersEverythingFiledUnderTheKeyWithTheNewValueAcrossBucketsAndAnOldHead() {
            mongo.getCollection("target_identifier")
                    .insertOne(new Document("_id", "PHONE|+2").append("caseIds", List.of("old-1")));
            BucketedIndex index = new BucketedIndex(mongo, "target_identifier", "caseIds");
            List<String> filed = new ArrayList<>(List.of("old-1"));
            for (int i = 0; i < BucketedIndex.BUCKET_SIZE + 7; i++) {
                filed.add("case-" + i);
                index.add("PHONE|+2", "case-" + i);
            }

            filed.add("case-new");
            assertThat(index.addAndRead("PHONE|+2", "case-new", String.class)).containsExactlyElementsOf(filed);
            assertThat(index.addAndRead("PHONE|+2", "case-new", String.class))
                    .as("filed again")
                    .containsExactlyElementsOf(filed);
            assertThat(index.addAndRead("PHONE|+3", "only", String.class)).containsExactly("only");
            assertThat(index.read("PHONE|+2", String.class)).containsExactlyElementsOf(filed);
        }
    }
}
