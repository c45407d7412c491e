package io.shapes.core.cellapi;

import java.util.List;

/** A cell's answer to a refresh of its database's planner statistics: the tables analyzed and how long it took. */
public record StatisticsRefresh(List<String> tables, long millis) {
}
