/* verdeel_report.h: the self-contained HTML report with a map and charts
 * (verdeel report).  Part of the embedding API; included by verdeel.h. */
#ifndef VERDEEL_REPORT_H
#define VERDEEL_REPORT_H

#endif
