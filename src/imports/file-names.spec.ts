import { describe, expect, it } from '@jest/globals';
import { compareImportFiles, fileTimestamp, timeBound, withinBounds } from './file-names';
import { isListedFile, parseFileListLine } from './gdelt-file-list';

describe('file timestamps', () => {
  it("are GDELT's 14-digit name prefix, when it is a real instant", () => {
    expect(fileTimestamp('20191024143000.export.CSV.zip')).toBe('20191024143000');
    expect(fileTimestamp('20190230143000.export.CSV.zip')).toBeUndefined();
    expect(fileTimestamp('201910241430001.export.CSV')).toBeUndefined();
    expect(fileTimestamp('events.2018.sample.tab')).toBeUndefined();
  });

  it('order files by name, whatever their folder, then by path', () => {
    const files = ['/b/20191024150000.x', '/a/20191024151500.x', '/c/20191024143000.x', '/a/20191024143000.x'].map(
      (path) => ({ path, name: path.slice(3) }),
    );
    expect(files.sort(compareImportFiles).map((file) => file.path)).toEqual([
      '/a/20191024143000.x',
      '/c/20191024143000.x',
      '/b/20191024150000.x',
      '/a/20191024151500.x',
    ]);
  });

  it('--since and --until take digits or ISO forms in UTC; since is inclusive, until exclusive', () => {
    expect(['2019', '201910', '20191024', '2019102414', '201910241430', '20191024143015'].map(timeBound)).toEqual([
      '20190101000000',
      '20191001000000',
      '20191024000000',
      '20191024140000',
      '20191024143000',
      '20191024143015',
    ]);
    expect(['2019-10-24', '2019-10-24T14:30', '2019-10-24T14:30:15Z', '2019-10-24 14:30'].map(timeBound)).toEqual([
      '20191024000000',
      '20191024143000',
      '20191024143015',
      '20191024143000',
    ]);
    for (const bad of ['2019-10-24T14:30+02:00', '201', '2019102', '20191324', 'yesterday', '2019-02-30'])
      expect({ bad, bound: timeBound(bad) }).toEqual({ bad, bound: undefined });
    expect(withinBounds('20191024000000', '20191024000000', '20191025000000')).toBe(true);
    expect(withinBounds('20191025000000', '20191024000000', '20191025000000')).toBe(false);
  });
});

describe('GDELT file lists', () => {
  it("read `<size> <md5> <url>` lines and name the file by the url's last segment", () => {
    expect(
      parseFileListLine(
        '150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip',
        1,
      ),
    ).toEqual({
      name: '20150218230000.export.CSV.zip',
      size: 150383,
      md5: '297a16b493de7cf6ca809a7cc31d0b93',
      url: 'http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip',
      lineNumber: 1,
    });
    expect(parseFileListLine('  ', 2)).toBeUndefined();
    for (const bad of [
      '150383 297a16b4 http://x/y.zip',
      'abc 297a16b493de7cf6ca809a7cc31d0b93 u',
      '1 297a16b493de7cf6ca809a7cc31d0b93 http://x/',
    ])
      expect(isListedFile(parseFileListLine(bad, 3)!)).toBe(false);
  });
});
