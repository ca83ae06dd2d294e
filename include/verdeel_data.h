/* verdeel_data.h: inspecting, checking and converting the tables a rule
 * file reads (verdeel data).  Part of the embedding API; included by
 * verdeel.h. */
#ifndef VERDEEL_DATA_H
#define VERDEEL_DATA_H

#endif
