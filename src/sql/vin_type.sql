/* contrib-style guard: the script is meant for CREATE EXTENSION only */
\echo Use "CREATE EXTENSION zeromile" to load this file. \quit

