package io.raftboot.bench.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * Draws the results of {@code scripts/bench-cluster.sh} as one PNG: requests/s and p99 latency
 * against pipeline depth, for SET and for GET, one line per system (redis-server runs dashed, each
 * in the hue of the raftboot runs compared with it).
 *
 * <p>Usage: {@code ClusterBenchPlot <results.csv> <out.png> [subtitle]}. The CSV has a header row
 * naming at least {@code system,test,pipeline,rps,p99_ms}; rows whose figures are not numbers (a
 * failed run) leave a gap. The loaded-keyspace runs are single points and stay in the report only.
 */
public final class ClusterBenchPlot {

    /** A plotted system: its legend name and colour (a pair compared in the report shares a hue). */
    record Style(String name, Color color) {
    }

    /** Systems plotted, in legend order. */
    private static final Map<String, Style> SYSTEMS = new LinkedHashMap<>();

    static {
        SYSTEMS.put("redis-aof", new Style("redis AOF always", new Color(0x08306b)));
        SYSTEMS.put("raft3-high", new Style("raft 3 high/high", new Color(0x2171b5)));
        SYSTEMS.put("raft3-lease", new Style("raft 3 high/lease", new Color(0x6baed6)));
        SYSTEMS.put("redis-mem", new Style("redis no AOF", new Color(0x00441b)));
        SYSTEMS.put("raft1-low", new Style("raft 1 low", new Color(0x41ab5d)));
    }

    private ClusterBenchPlot() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ClusterBenchPlot <results.csv> <out.png> [subtitle]");
            System.exit(2);
        }
        List<Row> rows = read(Path.of(args[0]));
        String subtitle = args.length > 2 ? args[2] : "";
        List<CategoryChart> charts = List.of(
                chart(rows, "SET", "requests/s", Row::rps, false, subtitle),
                chart(rows, "GET", "requests/s", Row::rps, false, subtitle),
                chart(rows, "SET", "p99 latency (ms, log scale)", Row::p99, true, subtitle),
                chart(rows, "GET", "p99 latency (ms, log scale)", Row::p99, true, subtitle));
        BitmapEncoder.saveBitmap(charts, 2, 2, args[1], BitmapFormat.PNG);
    }

    record Row(String system, String test, int pipeline, Double rps, Double p99) {
    }

    interface Metric {
        Double of(Row row);
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Map<String, Integer> col = new HashMap<>();
        String[] header = lines.get(0).split(",", -1);
        for (int i = 0; i < header.length; i++) {
            col.put(header[i], i);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            rows.add(new Row(f[col.get("system")], f[col.get("test")], Integer.parseInt(f[col.get("pipeline")]),
                    number(f[col.get("rps")]), number(f[col.get("p99_ms")])));
        }
        return rows;
    }

    /** A positive figure, or null (a gap in the line: the run failed, or a log axis cannot show it). */
    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text);
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static CategoryChart chart(List<Row> rows, String test, String yTitle, Metric metric, boolean logY,
            String subtitle) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(520)
                .title(test + ": " + yTitle.replace(" (ms, log scale)", "") + (subtitle.isEmpty() ? "" : " (" + subtitle + ")"))
                .xAxisTitle("pipeline depth (-P)").yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
        // lines, not grouped bars: every series' point sits on its category
        chart.getStyler().setOverlapped(true);
        // below the plot, where it never hides a point
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern(logY ? "#,##0.###" : "#,##0");
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        // every series shares the x categories of the whole chart; a missing figure is a null (gap)
        TreeSet<Integer> depths = new TreeSet<>();
        rows.stream().filter(r -> r.test().equals(test) && SYSTEMS.containsKey(r.system()))
                .forEach(r -> depths.add(r.pipeline()));
        List<String> x = depths.stream().map(String::valueOf).toList();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Map.Entry<String, Style> system : SYSTEMS.entrySet()) {
            Double[] y = new Double[depths.size()];
            boolean any = false;
            for (Row r : rows) {
                if (r.system().equals(system.getKey()) && r.test().equals(test)) {
                    y[x.indexOf(String.valueOf(r.pipeline()))] = metric.of(r);
                    any |= metric.of(r) != null;
                }
            }
            if (any) {
                for (Double v : y) {
                    if (v != null) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                CategorySeries series = chart.addSeries(system.getValue().name(), x, Arrays.asList(y));
                series.setLineColor(system.getValue().color());
                series.setMarkerColor(system.getValue().color());
                if (system.getKey().startsWith("redis")) {
                    series.setLineStyle(SeriesLines.DASH_DASH);
                }
            }
        }
        if (logY && min <= max) {
            // XChart labels a log axis at powers of ten only: span whole decades so labels show
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max))));
        } else if (!logY) {
            chart.getStyler().setYAxisMin(0.0);
        }
        return chart;
    }
}
