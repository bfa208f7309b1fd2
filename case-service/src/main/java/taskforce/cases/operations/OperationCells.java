package taskforce.cases.operations;

import com.uber.h3core.H3Core;
import com.uber.h3core.LengthUnit;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import taskforce.cases.operations.PlannedOperation.Area;

/**
 * The keys under which a planned operation is filed so that any two operations that overlap in place and time share
 * at least one key: every H3 cell (resolution 7, about 5 km² each) the operation's circle can touch, crossed with
 * every UTC day its window touches. Finding the operations near a new one is then a lookup of its keys by
 * {@code _id}, the same on real MongoDB as on the in-process store (which has no geospatial operators); the exact
 * distance and time test runs on the few candidates found.
 */
public final class OperationCells {

    static final int RESOLUTION = 7;
    private static final int CIRCLE_VERTICES = 36;
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private final H3Core h3;
    /**
     * How far beyond the circle a cell's centre may lie while the cell still touches the circle: a cell's centre is
     * at most its circumradius (its edge length) from any of its points, and edges vary within a resolution, so
     * twice the average edge leaves a margin that the property test of this class checks.
     */
    private final double bufferMeters;

    public OperationCells() {
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("the H3 native library could not be loaded", e);
        }
        this.bufferMeters = 2 * h3.getHexagonEdgeLengthAvg(RESOLUTION, LengthUnit.m);
    }

    /** {@code cell|yyyy-MM-dd} for every cell the area may touch and every day of the window. */
    public Set<String> keys(Area area, Instant startsAt, Instant endsAt) {
        Set<String> keys = new TreeSet<>();
        List<LocalDate> days = days(startsAt, endsAt);
        for (String cell : cellsTouching(area)) {
            for (LocalDate day : days) {
                keys.add(cell + "|" + day);
            }
        }
        return keys;
    }

    Set<String> cellsTouching(Area area) {
        double reach = area.radiusMeters() + bufferMeters;
        List<LatLng> ring = new ArrayList<>(CIRCLE_VERTICES);
        // the polygon is inscribed in the circle of `reach`; its sides fall short of the circle by reach·(1-cos(π/n))
        double outer = reach / Math.cos(Math.PI / CIRCLE_VERTICES);
        for (int i = 0; i < CIRCLE_VERTICES; i++) {
            ring.add(destination(area.latitude(), area.longitude(), 360.0 * i / CIRCLE_VERTICES, outer));
        }
        Set<String> cells = new TreeSet<>(h3.polygonToCellAddresses(ring, List.of(), RESOLUTION));
        // a circle smaller than a cell may contain no cell centre at all
        cells.add(h3.latLngToCellAddress(area.latitude(), area.longitude(), RESOLUTION));
        return cells;
    }

    static List<LocalDate> days(Instant from, Instant to) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate last = to.atZone(ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = from.atZone(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    /** Great-circle distance between the two centres. */
    static double distanceMeters(Area a, Area b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** The point {@code meters} away from the start along the initial bearing (degrees from north). */
    static LatLng destination(double latitude, double longitude, double bearingDegrees, double meters) {
        double angular = meters / EARTH_RADIUS_METERS;
        double bearing = Math.toRadians(bearingDegrees);
        double lat1 = Math.toRadians(latitude);
        double lon1 = Math.toRadians(longitude);
        double lat2 =
                Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
        double lon2 = lon1
                + Math.atan2(
                        Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
                        Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
        return new LatLng(Math.toDegrees(lat2), ((Math.toDegrees(lon2) + 540) % 360) - 180);
    }
}
