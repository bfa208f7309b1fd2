package taskforce.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import taskforce.contracts.EventCodec;
import tools.jackson.databind.JsonNode;

/**
 * A case's planned operations (their circles) and its leads' locations on a map drawn as inline SVG on the server:
 * no tile server and no script needed. The outlines are US state borders bundled with the console ({@code
 * maps/us-state-borders.json}: us-atlas 3.0.1, ISC licence, from the Census Bureau's cartographic boundaries,
 * public domain). The projection is equirectangular around the middle of what is shown, longitudes narrowed by the
 * cosine of its latitude, so that at a city's scale a circle on the ground stays a circle on the map; the svg
 * carries the projection's figures so that the operation form's script draws the circle being typed the same way.
 */
final class CaseMap {

    static final int WIDTH = 640;
    static final int HEIGHT = 400;
    private static final double METERS_PER_DEGREE_OF_LATITUDE = 111_320;
    /** The least a map spans, in degrees of latitude: about 5.5 km, so one small circle is not drawn wall to wall. */
    private static final double LEAST_SPAN = 0.05;

    /** The contiguous United States, shown when there is nothing to show yet. */
    private static final double[] NOTHING_YET = {24.5, 49.5, -125, -66.5};

    private static final List<double[]> BORDERS = borders();

    /** An operation's circle: {@code label} says what and when, for the circle's tooltip and the list below. */
    record Circle(String id, String label, double latitude, double longitude, int radiusMeters, boolean cancelled) {}

    /** A lead's location. */
    record Point(String label, double latitude, double longitude) {}

    private final List<Circle> circles;
    private final List<Point> points;
    private final double centerLatitude;
    private final double centerLongitude;
    private final double narrowing;
    private final double pixelsPerDegree;

    private CaseMap(List<Circle> circles, List<Point> points) {
        this.circles = List.copyOf(circles);
        this.points = List.copyOf(points);
        double south = Double.MAX_VALUE, north = -Double.MAX_VALUE, west = Double.MAX_VALUE, east = -Double.MAX_VALUE;
        for (Circle c : circles) {
            double dLat = c.radiusMeters() / METERS_PER_DEGREE_OF_LATITUDE;
            double dLon = dLat / Math.max(0.1, Math.cos(Math.toRadians(c.latitude())));
            south = Math.min(south, c.latitude() - dLat);
            north = Math.max(north, c.latitude() + dLat);
            west = Math.min(west, c.longitude() - dLon);
            east = Math.max(east, c.longitude() + dLon);
        }
        for (Point p : points) {
            south = Math.min(south, p.latitude());
            north = Math.max(north, p.latitude());
            west = Math.min(west, p.longitude());
            east = Math.max(east, p.longitude());
        }
        if (circles.isEmpty() && points.isEmpty()) {
            south = NOTHING_YET[0];
            north = NOTHING_YET[1];
            west = NOTHING_YET[2];
            east = NOTHING_YET[3];
        }
        centerLatitude = (south + north) / 2;
        centerLongitude = (west + east) / 2;
        narrowing = Math.cos(Math.toRadians(centerLatitude));
        // a margin of a fifth on every side, so a circle at the edge is seen whole
        double spanLat = Math.max(LEAST_SPAN, (north - south) * 1.4);
        double spanX = Math.max(LEAST_SPAN, (east - west) * narrowing * 1.4);
        pixelsPerDegree = Math.min(HEIGHT / spanLat, WIDTH / spanX);
    }

    static CaseMap of(List<Circle> circles, List<Point> points) {
        return new CaseMap(circles, points);
    }

    double x(double longitude) {
        return WIDTH / 2.0 + (longitude - centerLongitude) * narrowing * pixelsPerDegree;
    }

    double y(double latitude) {
        return HEIGHT / 2.0 - (latitude - centerLatitude) * pixelsPerDegree;
    }

    double radius(int meters) {
        return meters / METERS_PER_DEGREE_OF_LATITUDE * pixelsPerDegree;
    }

    /** The map as an svg element, with a title saying what it shows; the page lists the same things as text. */
    String svg() {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"case-map\" class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"case-map-title\"")
                .append(attribute("data-center-latitude", centerLatitude))
                .append(attribute("data-center-longitude", centerLongitude))
                .append(attribute("data-narrowing", narrowing))
                .append(attribute("data-pixels-per-degree", pixelsPerDegree))
                .append(attribute("data-width", WIDTH))
                .append(attribute("data-height", HEIGHT))
                .append('>');
        svg.append("<title id=\"case-map-title\">").append(escape(title())).append("</title>");
        svg.append("<rect class=\"land\" width=\"100%\" height=\"100%\"/>");
        svg.append("<path class=\"borders\" d=\"").append(borderPath()).append("\"/>");
        for (int i = 0; i < circles.size(); i++) {
            Circle c = circles.get(i);
            svg.append("<g class=\"operation")
                    .append(c.cancelled() ? " cancelled" : "")
                    .append("\" data-operation-id=\"")
                    .append(escape(c.id()))
                    .append("\"><title>")
                    .append(escape((i + 1) + ". " + c.label()))
                    .append("</title><circle")
                    .append(attribute("cx", x(c.longitude())))
                    .append(attribute("cy", y(c.latitude())))
                    // at least a few pixels, so a small circle on a wide map is still seen
                    .append(attribute("r", Math.max(3, radius(c.radiusMeters()))))
                    .append("/><text")
                    .append(attribute("x", x(c.longitude())))
                    .append(attribute("y", y(c.latitude()) + 4))
                    .append(">")
                    .append(i + 1)
                    .append("</text></g>");
        }
        for (Point p : points) {
            svg.append("<g class=\"lead\"><title>")
                    .append(escape(p.label()))
                    .append("</title><circle")
                    .append(attribute("cx", x(p.longitude())))
                    .append(attribute("cy", y(p.latitude())))
                    .append(" r=\"4\"/></g>");
        }
        svg.append("<circle id=\"draft-circle\" class=\"draft\" cx=\"0\" cy=\"0\" r=\"0\" visibility=\"hidden\"/>");
        return svg.append("</svg>").toString();
    }

    private String title() {
        if (circles.isEmpty() && points.isEmpty()) {
            return "Map of the United States: no planned operation or lead location yet";
        }
        return "Map of " + count(circles.size(), "planned operation") + " and " + count(points.size(), "lead location");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** Only the borders near what is shown, so a city map does not carry the whole country. */
    private String borderPath() {
        double west = centerLongitude - (WIDTH / 2.0) / (narrowing * pixelsPerDegree);
        double east = centerLongitude + (WIDTH / 2.0) / (narrowing * pixelsPerDegree);
        double north = centerLatitude + (HEIGHT / 2.0) / pixelsPerDegree;
        double south = centerLatitude - (HEIGHT / 2.0) / pixelsPerDegree;
        StringBuilder d = new StringBuilder();
        for (double[] arc : BORDERS) {
            boolean near = false;
            for (int i = 0; i < arc.length && !near; i += 2) {
                near = arc[i] >= west - 1 && arc[i] <= east + 1 && arc[i + 1] >= south - 1 && arc[i + 1] <= north + 1;
            }
            if (!near) {
                continue;
            }
            for (int i = 0; i < arc.length; i += 2) {
                d.append(i == 0 ? 'M' : 'L')
                        .append(number(x(arc[i])))
                        .append(',')
                        .append(number(y(arc[i + 1])));
            }
        }
        return d.toString();
    }

    private static String attribute(String name, double value) {
        return " " + name + "=\"" + number(value) + "\"";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    /**
     * Text in an element or a quoted attribute: the five characters markup gives meaning to. The page is UTF-8, so
     * every other character is written as itself.
     */
    private static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static List<double[]> borders() {
        try (InputStream in = CaseMap.class.getResourceAsStream("/maps/us-state-borders.json")) {
            if (in == null) {
                throw new IllegalStateException("maps/us-state-borders.json is missing from the console");
            }
            JsonNode arcs = EventCodec.instance().mapper().readTree(in).get("arcs");
            List<double[]> borders = new ArrayList<>();
            for (JsonNode arc : arcs) {
                double[] coordinates = new double[arc.size()];
                for (int i = 0; i < coordinates.length; i++) {
                    coordinates[i] = arc.get(i).asDouble();
                }
                borders.add(coordinates);
            }
            return List.copyOf(borders);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
